"""Paged list answers, as ECS and ELBv2 document them, for every List/Describe call that clients page through.

Every such call answers at most a page — maxResults (ECS, 1–100; without it 100, and 10 for ListServices) or
PageSize (ELBv2, 1–400; without it 400) — with a token for the next page when more remain (ECS nextToken, ELBv2
NextMarker). A size out of range is refused (ECS InvalidParameterException, ELBv2 ValidationError), and so is a
token this emulator did not issue for the same query: a token is opaque, the offset of the next page plus a hash of
the request's other parameters, so a client that mixes queries fails here as it would on AWS.

moto 5.2.5 answers every ECS list in one piece and ignores maxResults and nextToken; it pages DescribeLoadBalancers
and DescribeRules itself, 50 to a page, with the last item's name or ARN as the marker (an unknown one: HTTP 500),
and the other ELBv2 calls not at all. Here moto always answers the whole list (its own marker hidden from it) and
the page is cut after every other after-hook — ListTasks' filter, ListTaskDefinitions' order — has had its say,
because paging is installed last.
"""

import base64
import binascii
import hashlib
import json
from dataclasses import dataclass
from typing import Any, Callable

from moto.core.responses import ActionResult
from moto.ecs.exceptions import InvalidParameterException
from moto.elbv2.exceptions import ELBClientError

from . import pipeline
from .pipeline import REFUSE, Request


@dataclass(frozen=True)
class Listing:
    """How one operation pages: its parameters and answer fields, sizes and error, as its API reference says."""
    items: str
    size: str
    token: str
    next_token: str
    default_size: int
    max_size: int
    refuse: Callable[[str], Exception]


def _ecs(items: str, default_size: int = 100) -> Listing:
    return Listing(items, "maxResults", "nextToken", "nextToken", default_size, 100, InvalidParameterException)


def _elbv2(items: str) -> Listing:
    return Listing(items, "PageSize", "Marker", "NextMarker", 400, 400,
                   lambda message: ELBClientError("ValidationError", message))


LISTINGS: dict[tuple[str, str], Listing] = {
    ("ecs", "ListClusters"): _ecs("clusterArns"),
    ("ecs", "ListServices"): _ecs("serviceArns", default_size=10),
    ("ecs", "ListTasks"): _ecs("taskArns"),
    ("ecs", "ListContainerInstances"): _ecs("containerInstanceArns"),
    ("ecs", "ListTaskDefinitions"): _ecs("taskDefinitionArns"),
    ("ecs", "ListTaskDefinitionFamilies"): _ecs("families"),
    ("elasticloadbalancing", "DescribeLoadBalancers"): _elbv2("LoadBalancers"),
    ("elasticloadbalancing", "DescribeTargetGroups"): _elbv2("TargetGroups"),
    ("elasticloadbalancing", "DescribeListeners"): _elbv2("Listeners"),
    ("elasticloadbalancing", "DescribeRules"): _elbv2("Rules"),
}

# what moto must see instead of the client's page size, for the calls it pages itself: the whole list
_ALL_AT_ONCE = 2**31 - 1


@dataclass(frozen=True)
class Page:
    offset: int
    size: int
    query: str  # the hash a token for the next page carries


def _size(listing: Listing, given: Any) -> int:
    if given is None:
        return listing.default_size
    size = int(given)
    if listing.size == "PageSize":  # ELBv2 checks its model's range, in the words of AWS's request validation
        if not 1 <= size <= listing.max_size:
            bound = "greater than or equal to 1" if size < 1 else f"less than or equal to {listing.max_size}"
            raise listing.refuse(f"1 validation error detected: Value '{size}' at 'pageSize' failed to satisfy "
                                 f"constraint: Member must have value {bound}")
    elif not 1 <= size <= listing.max_size:
        raise listing.refuse(f"maxResults must be between 1 and {listing.max_size}.")
    return size


def _query_hash(request: Request, listing: Listing) -> str:
    """Everything the request asks but the page: a token of another query, account or region does not fit."""
    asked = {k: v for k, v in dict(request.moto.params).items() if k not in (listing.size, listing.token)}
    text = json.dumps([request.account, request.region, request.operation, asked], sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _token(offset: int, query: str) -> str:
    return base64.urlsafe_b64encode(json.dumps({"offset": offset, "query": query}).encode()).decode()


def _offset(listing: Listing, token: str | None, query: str) -> int:
    """The offset a token of ours for this query carries; anything else is refused (AWS's tokens are opaque)."""
    if not token:
        return 0
    try:
        decoded = json.loads(base64.urlsafe_b64decode(token.encode()))
        offset, issued_for = decoded["offset"], decoded["query"]
    except (binascii.Error, ValueError, TypeError, KeyError):
        offset, issued_for = None, None
    if not isinstance(offset, int) or offset < 0 or issued_for != query:
        raise listing.refuse(f"The {listing.token} is not valid for this request: {token}")
    return offset


def check_page(request: Request) -> None:
    """Before moto: refuse a bad size or token, note the page, and hide ELBv2's paging from moto."""
    listing = LISTINGS[(request.service, request.operation)]
    size = _size(listing, request.param(listing.size))
    query = _query_hash(request, listing)
    request.notes["page"] = Page(_offset(listing, request.param(listing.token), query), size, query)
    if listing.size == "PageSize":
        request.moto.params.pop(listing.token, None)
        request.moto.params[listing.size] = _ALL_AT_ONCE


def cut_page(request: Request, result: Any) -> Any:
    """After every other hook: the page asked for out of the whole list, and a token when more remain."""
    listing, page = LISTINGS[(request.service, request.operation)], request.notes["page"]
    answer = dict(result.result)
    items = list(answer[listing.items])
    answer[listing.items] = items[page.offset:page.offset + page.size]
    answer.pop(listing.next_token, None)
    if page.offset + page.size < len(items):
        answer[listing.next_token] = _token(page.offset + page.size, page.query)
    return ActionResult(answer)


def install() -> None:
    """Last of the answers (__main__.py): the page is cut from the list the other hooks leave."""
    for service, operation in LISTINGS:
        pipeline.before(REFUSE, service, operation, check_page)
        pipeline.after(service, operation, cut_page)
