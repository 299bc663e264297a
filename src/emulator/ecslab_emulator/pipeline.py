"""The one path every API request takes through the emulator, and the registry its concerns hook into.

    authorize    authorization.py: IAM decides in front of moto, in its own words; a refused call goes no further
    consistency  consistency.py: the windows in which AWS does not see a new thing yet (strict only)
    refuse       aws_errors.py (strict only), then refusals.py: what AWS refuses or answers itself where moto goes along
    moto         moto's own action
    after        hooks that see moto's answer before it is serialized

The windows come before the lasting refusals: a thing AWS cannot see yet is refused as unknown whatever else is
wrong with it. Injected faults are no stage here: faults.py is a proxy a test puts in front of the emulator.

A hook is registered per (service, operation), service as AWS signs it (ec2, ecs, elasticloadbalancing, iam, logs),
operation as the API names it (RunInstances):

    pipeline.before(pipeline.REFUSE, "ecs", "ListTasks", hook)   # hook(request) -> None, or an answer instead of moto's
    pipeline.after("ecs", "DescribeServices", hook)              # hook(request, result) -> the result to answer

A hook refuses by raising moto's exception of that service, and answers by returning what moto's action would
(an ActionResult): both run inside moto's one dispatch method, BaseResponse.call_action — replaced here, and only
here — so moto puts either in that service's wire shape (ECS JSON `__type`, EC2 and ELBv2 XML `<Code>`). Hooks of a
stage run in the order they were registered. Changes moto must make inside a backend (its own later calls, and the
companion's, go through them) are no hooks: each such method is replaced once, in the module of its concern.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from moto.core.responses import BaseResponse
from moto.core.utils import camelcase_to_underscores

CONSISTENCY, REFUSE = "consistency", "refuse"
STAGES = (CONSISTENCY, REFUSE)

# moto's name of a service, where it is not the name AWS signs requests with
_SIGNING_NAME = {"elbv2": "elasticloadbalancing", "service-quotas": "servicequotas"}


@dataclass
class Request:
    """One API request as the hooks see it: moto's response object for it (its _get_param, its backends)."""
    service: str
    operation: str
    moto: BaseResponse
    notes: dict[str, Any] = field(default_factory=dict)  # what a before-hook leaves for an after-hook

    def param(self, name: str, default: Any = None) -> Any:
        return self.moto._get_param(name, default)

    @property
    def account(self) -> str:
        return self.moto.current_account

    @property
    def region(self) -> str:
        return self.moto.region

    def ecs_cluster(self) -> Any:
        """The ECS cluster the request names (ECS's `default` when it names none); ClusterNotFoundException if none."""
        return self.moto.ecs_backend._get_cluster(self.param("cluster", "default") or "default")


Before = Callable[[Request], Any]
After = Callable[[Request, Any], Any]

_before: dict[tuple[str, str], dict[str, list[Before]]] = defaultdict(lambda: {stage: [] for stage in STAGES})
_after: dict[tuple[str, str], list[After]] = defaultdict(list)
_gate: list[Callable[..., Iterable[bytes]]] = []


def before(stage: str, service: str, operation: str, hook: Before) -> Before:
    if stage not in STAGES:
        raise ValueError(f"no stage {stage!r}: {STAGES}")
    _before[(service, operation)][stage].append(hook)
    return hook


def after(service: str, operation: str, hook: After) -> After:
    _after[(service, operation)].append(hook)
    return hook


def authorize_with(gate: Callable[..., Iterable[bytes]]) -> None:
    """The authorize stage: gate(environ, body, start_response, app) answers itself or hands the request to app."""
    _gate[:] = [gate]


def dispatch(environ: dict[str, Any], start_response: Callable[..., Any],
             moto_app: Callable[..., Iterable[bytes]]) -> list[bytes]:
    """One API request, down the whole path (the server calls this under its lock, the body already read)."""
    if _gate:
        return list(_gate[0](environ, environ["wsgi.input"].getvalue(), start_response, moto_app))
    return list(moto_app(environ, start_response))


_moto_call_action = BaseResponse.call_action


def _call_action(self: BaseResponse) -> Any:
    request = Request(_SIGNING_NAME.get(self.service_name or "", self.service_name or ""), self._get_action(), self)
    key = (request.service, request.operation)
    if key in _before or key in _after:
        action = camelcase_to_underscores(request.operation)
        moto_action = getattr(self, action, None)
        if moto_action is not None:
            # moto calls the action it finds on this request's own response object: the stages, then its own
            setattr(self, action, lambda: _run(request, moto_action))
    return _moto_call_action(self)


def _run(request: Request, moto_action: Callable[[], Any]) -> Any:
    key = (request.service, request.operation)
    stages = _before.get(key)
    if stages is not None:
        for stage in STAGES:
            for hook in stages[stage]:
                answer = hook(request)
                if answer is not None:
                    return answer
    result = moto_action()
    for hook in _after.get(key, ()):
        result = hook(request, result)
    return result


def install() -> None:
    BaseResponse.call_action = _call_action
