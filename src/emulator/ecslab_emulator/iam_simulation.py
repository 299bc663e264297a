"""IAM's SimulatePrincipalPolicy, which `ecslab doctor` calls to check the caller's policies before a run: moto 5.2.5
does not implement it (HTTP 500). This evaluates the principal's identity policies as IAM's policy evaluation logic
does, against the request's context entries only, and answers in the shape of the API reference:
https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulatePrincipalPolicy.html
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html

What it does not evaluate it refuses (NotEmulated, HTTP 500) rather than guess: a condition operator it does not know,
a resource-based policy, permissions boundaries given as input, policy exclusions. A guessed answer would let a test
of a policy pass where AWS would fail it.
"""

import base64
import binascii
import ipaddress
import json
import re
import warnings
from datetime import datetime, timezone
from typing import Any, Callable, Iterable

from moto.core.exceptions import ServiceException
from moto.core.responses import ActionResult
from moto.iam.exceptions import InvalidInput, NoSuchEntity, ValidationError
from moto.iam.models import AWSManagedPolicy, IAMBackend, ManagedPolicy
from moto.iam.responses import IamResponse

_PRINCIPAL_ARN = re.compile(r"^arn:(aws[a-z-]*):iam::(\d{12}):(user|role|group)/(?:[^/]+/)*([\w+=,.@-]+)$")
_VARIABLE = re.compile(r"\$\{([^}]*)\}")


class NotEmulated(ServiceException):
    """Something the simulation would have to guess; answered as HTTP 500 with code NotEmulated."""

    code = "NotEmulated"


class Policy:
    """One identity policy of the simulation: its id and type as MatchedStatements name them, and its statements."""

    def __init__(self, source_id: str, source_type: str, document: Any):
        self.source_id, self.source_type = source_id, source_type
        try:
            parsed = json.loads(document) if isinstance(document, str) else document  # moto keeps JSON text
        except ValueError:
            raise InvalidInput(f"The policy {source_id} is not valid JSON.") from None
        statements = parsed.get("Statement", []) if isinstance(parsed, dict) else []
        self.statements: list[dict[str, Any]] = statements if isinstance(statements, list) else [statements]


class Principal:
    """Who the policies belong to, and the values of the policy variables IAM derives from the caller."""

    def __init__(self, arn: str, policies: list[Policy], boundary: list[Policy] | None, variables: dict[str, str]):
        self.arn, self.policies, self.boundary, self.variables = arn, policies, boundary, variables


# ---- the request's context

Context = dict[str, list[str]]  # lower-cased key name -> values


def context_of(entries: list[dict[str, Any]] | None) -> Context:
    context: Context = {}
    for entry in entries or []:
        name = entry.get("ContextKeyName")
        if name:
            # all values are kept as strings: each operator reads them as its type (Bool, Numeric, Date, IP)
            context.setdefault(name.lower(), []).extend(str(v) for v in entry.get("ContextKeyValues") or [])
    return context


class Evaluation:
    """One (action, resource) pair's evaluation: the context, the variables, and the keys found missing."""

    def __init__(self, action: str, resource: str, context: Context, variables: dict[str, str]):
        self.action, self.resource, self.context, self.variables = action, resource, context, variables
        self.missing: list[str] = []

    def note_missing(self, key: str) -> None:
        if key.lower() not in (m.lower() for m in self.missing):
            self.missing.append(key)

    def values(self, key: str) -> list[str] | None:
        found = self.context.get(key.lower())
        if not found:
            self.note_missing(key)
            return None
        return found

    def substitute(self, text: str, glob: bool = True) -> str | None:
        """The policy value as a regular expression, its ${...} variables replaced (and their values escaped), or
        None when a variable has no value and no default: IAM then does not match that value."""
        literal = _glob if glob else re.escape
        pieces: list[str] = []
        position = 0
        for found in _VARIABLE.finditer(text):
            pieces.append(literal(text[position:found.start()]))
            value = self.variable(found.group(1))
            if value is None:
                return None
            pieces.append(re.escape(value))
            position = found.end()
        pieces.append(literal(text[position:]))
        return "".join(pieces)

    def variable(self, inside: str) -> str | None:
        if inside in ("*", "?", "$"):
            return inside  # ${*}, ${?}, ${$}: the literal character
        name, _, default = inside.partition(",")
        name = name.strip()
        values = self.context.get(name.lower())
        if values:
            return values[0]
        derived = next((v for k, v in self.variables.items() if k.lower() == name.lower()), None)
        if derived is not None:
            return derived
        default = default.strip()
        if len(default) >= 2 and default[0] == default[-1] == "'":
            return default[1:-1]
        self.note_missing(name)
        return None


def _glob(text: str) -> str:
    return "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in text)


def _matches(pattern: str | None, value: str, ignore_case: bool = False) -> bool:
    if pattern is None:
        return False
    return re.fullmatch(pattern, value, re.DOTALL | (re.IGNORECASE if ignore_case else 0)) is not None


def _listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _text(value: Any) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


# ---- condition operators: each compares one context value with one policy value

def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _date(text: str) -> datetime | None:
    try:
        return datetime.fromtimestamp(float(text), timezone.utc)  # epoch seconds, as IAM accepts
    except ValueError:
        pass
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def _compare(parse: Callable[[str], Any], test: Callable[[Any, Any], bool]) -> Callable[[str, str, Evaluation], bool]:
    def compare(context_value: str, policy_value: str, evaluation: Evaluation) -> bool:
        a, b = parse(context_value), parse(policy_value)
        return a is not None and b is not None and test(a, b)
    return compare


def _string(ignore_case: bool, like: bool) -> Callable[[str, str, Evaluation], bool]:
    def compare(context_value: str, policy_value: str, evaluation: Evaluation) -> bool:
        # the Like operators glob with * and ?; the Equals ones take them as plain characters
        return _matches(evaluation.substitute(policy_value, glob=like), context_value, ignore_case)
    return compare


def _arn(context_value: str, policy_value: str, evaluation: Evaluation) -> bool:
    # ArnEquals and ArnLike alike: each of the six colon-separated parts matched on its own, wildcards allowed
    value_parts, policy_parts = context_value.split(":", 5), policy_value.split(":", 5)
    if len(value_parts) != 6 or len(policy_parts) != 6:
        return False
    return all(_matches(evaluation.substitute(p), v) for v, p in zip(value_parts, policy_parts))


def _ip(context_value: str, policy_value: str, evaluation: Evaluation) -> bool:
    try:
        return ipaddress.ip_address(context_value) in ipaddress.ip_network(policy_value, strict=False)
    except ValueError:
        return False


def _binary(context_value: str, policy_value: str, evaluation: Evaluation) -> bool:
    try:
        return base64.b64decode(context_value, validate=True) == base64.b64decode(policy_value, validate=True)
    except (binascii.Error, ValueError):
        return False


# operator (lower case) -> (compare, negated)
_OPERATORS: dict[str, tuple[Callable[[str, str, Evaluation], bool], bool]] = {
    "stringequals": (_string(False, False), False),
    "stringnotequals": (_string(False, False), True),
    "stringequalsignorecase": (_string(True, False), False),
    "stringnotequalsignorecase": (_string(True, False), True),
    "stringlike": (_string(False, True), False),
    "stringnotlike": (_string(False, True), True),
    "arnequals": (_arn, False),
    "arnlike": (_arn, False),
    "arnnotequals": (_arn, True),
    "arnnotlike": (_arn, True),
    "numericequals": (_compare(_number, lambda a, b: a == b), False),
    "numericnotequals": (_compare(_number, lambda a, b: a == b), True),
    "numericlessthan": (_compare(_number, lambda a, b: a < b), False),
    "numericlessthanequals": (_compare(_number, lambda a, b: a <= b), False),
    "numericgreaterthan": (_compare(_number, lambda a, b: a > b), False),
    "numericgreaterthanequals": (_compare(_number, lambda a, b: a >= b), False),
    "dateequals": (_compare(_date, lambda a, b: a == b), False),
    "datenotequals": (_compare(_date, lambda a, b: a == b), True),
    "datelessthan": (_compare(_date, lambda a, b: a < b), False),
    "datelessthanequals": (_compare(_date, lambda a, b: a <= b), False),
    "dategreaterthan": (_compare(_date, lambda a, b: a > b), False),
    "dategreaterthanequals": (_compare(_date, lambda a, b: a >= b), False),
    "bool": (lambda c, p, e: c.lower() == p.lower(), False),
    "binaryequals": (_binary, False),
    "ipaddress": (_ip, False),
    "notipaddress": (_ip, True),
}


def parse_operator(operator: str) -> tuple[str, str, bool]:
    """ForAllValues:StringLikeIfExists -> ("forallvalues", "stringlike", True); NotEmulated for what is not here
    (Null takes neither a set prefix nor IfExists, as in IAM's grammar)."""
    set_prefix, _, name = operator.rpartition(":")
    set_prefix, name = set_prefix.lower(), name.lower()
    if_exists = name.endswith("ifexists")
    base = name[:-len("ifexists")] if if_exists else name
    known = base in _OPERATORS or (base == "null" and not set_prefix and not if_exists)
    if set_prefix not in ("", "forallvalues", "foranyvalue") or not known:
        raise NotEmulated(f"The condition operator {operator} is not emulated by ecslab's IAM simulation.")
    return set_prefix, base, if_exists


def condition_holds(operator: str, key: str, policy_values: list[str], evaluation: Evaluation) -> bool:
    """One key under one operator. Several policy values are OR; a negated operator is true when none matches."""
    set_prefix, base, if_exists = parse_operator(operator)
    if base == "null":
        present = bool(evaluation.context.get(key.lower()))
        if not present:
            evaluation.note_missing(key)
        return any(p.lower() == ("false" if present else "true") for p in policy_values)
    compare, negated = _OPERATORS[base]
    context_values = evaluation.values(key)
    if not context_values:
        if set_prefix == "forallvalues":
            return True  # vacuously: no value fails
        if set_prefix == "foranyvalue":
            return False
        # AWS: a missing key fails a condition, except with IfExists, and a negated operator is then true
        return if_exists or negated

    def hit(value: str) -> bool:
        matched = any(compare(value, p, evaluation) for p in policy_values)
        return not matched if negated else matched

    if set_prefix == "forallvalues":
        return all(hit(v) for v in context_values)
    if set_prefix == "foranyvalue" or not negated:
        return any(hit(v) for v in context_values)
    return all(hit(v) for v in context_values)  # negated, single-valued: no context value matches


def conditions_hold(block: Any, evaluation: Evaluation) -> bool:
    """Every operator and every key of a Condition block (AND); all are evaluated, so that a missing key or an
    operator that is not emulated is found whatever comes first."""
    if not block:
        return True
    if not isinstance(block, dict) or not all(isinstance(keys, dict) for keys in block.values()):
        raise InvalidInput(f"A Condition is not an object of operators, each an object of keys: {block}")
    for operator in block:
        parse_operator(operator)  # even one with no keys: moto stores an unknown operator whose block is empty
    results = [condition_holds(operator, key, [_text(v) for v in _listed(values)], evaluation)
               for operator, keys in block.items() for key, values in keys.items()]
    return all(results)


# ---- statements and decisions

def _action_matches(patterns: Any, action: str) -> bool:
    return any(_matches(_glob(str(p)), action, ignore_case=True) for p in _listed(patterns))


def _resource_matches(patterns: Any, evaluation: Evaluation) -> bool:
    return any(_matches(evaluation.substitute(str(p)), evaluation.resource) for p in _listed(patterns))


def statement_applies(statement: dict[str, Any], evaluation: Evaluation) -> bool:
    if "Action" in statement:
        action_ok = _action_matches(statement["Action"], evaluation.action)
    else:
        action_ok = "NotAction" in statement and not _action_matches(statement["NotAction"], evaluation.action)
    if not action_ok:
        return False
    if "Resource" in statement:
        resource_ok = _resource_matches(statement["Resource"], evaluation)
    else:
        resource_ok = "NotResource" in statement and not _resource_matches(statement["NotResource"], evaluation)
    return resource_ok and conditions_hold(statement.get("Condition"), evaluation)


def decide(policies: list[Policy], evaluation: Evaluation) -> tuple[str, list[Policy]]:
    """IAM's order: an explicit Deny wins, else any Allow allows, else the implicit deny."""
    allows: list[Policy] = []
    denies: list[Policy] = []
    for policy in policies:
        for statement in policy.statements:
            effect = statement.get("Effect") if isinstance(statement, dict) else None
            if effect in ("Allow", "Deny") and statement_applies(statement, evaluation):
                (denies if effect == "Deny" else allows).append(policy)
    if denies:
        return "explicitDeny", denies
    return ("allowed", allows) if allows else ("implicitDeny", [])


# The most restrictive first: an action's result over several resources is the worst of theirs.
_SEVERITY = {"explicitDeny": 0, "implicitDeny": 1, "allowed": 2}


def _decide_one(principal: Principal, action: str, resource: str, context: Context) -> dict[str, Any]:
    """One action on one resource: a ResourceSpecificResult's fields."""
    evaluation = Evaluation(action, resource, context, principal.variables)
    decision, matched = decide(principal.policies, evaluation)
    result: dict[str, Any] = {"EvalResourceName": resource}
    if principal.boundary is not None:
        bounded, boundary_matched = decide(principal.boundary, evaluation)
        allowed_by_boundary = bounded == "allowed"
        result["PermissionsBoundaryDecisionDetail"] = {"AllowedByPermissionsBoundary": allowed_by_boundary}
        if bounded == "explicitDeny" and decision != "explicitDeny":
            decision, matched = "explicitDeny", boundary_matched
        elif decision == "allowed" and not allowed_by_boundary:
            decision, matched = "implicitDeny", []
    result["EvalResourceDecision"] = decision
    result["MatchedStatements"] = [{"SourcePolicyId": p.source_id, "SourcePolicyType": p.source_type}
                                   for p in matched]
    result["MissingContextValues"] = evaluation.missing
    return result


def evaluate(principal: Principal, actions: list[str], resources: list[str] | None,
             context: Context) -> list[dict[str, Any]]:
    """One EvaluationResult per action, as IAM answers now (API_EvaluationResult: "a single EvaluationResult per
    action, regardless of how many resource ARNs are provided"): its decision is the most restrictive of its
    resources', and each resource's own is in ResourceSpecificResults. The top-level EvalResourceName is given only
    for a single resource, so that nobody reads one resource's decision off an aggregate."""
    results = []
    for action in actions:
        each = [_decide_one(principal, action, r, context) for r in resources or ["*"]]
        worst = min(each, key=lambda r: _SEVERITY[r["EvalResourceDecision"]])
        result: dict[str, Any] = {"EvalActionName": action, "EvalDecision": worst["EvalResourceDecision"],
                                  "MatchedStatements": worst["MatchedStatements"],
                                  "MissingContextValues": sorted({k for r in each for k in r["MissingContextValues"]},
                                                                 key=str.lower)}
        if len(each) == 1:
            result["EvalResourceName"] = each[0]["EvalResourceName"]
        if any("PermissionsBoundaryDecisionDetail" in r for r in each):
            result["PermissionsBoundaryDecisionDetail"] = {"AllowedByPermissionsBoundary": all(
                r["PermissionsBoundaryDecisionDetail"]["AllowedByPermissionsBoundary"] for r in each)}
        if resources:
            result["ResourceSpecificResults"] = each
        results.append(result)
    return results


# ---- the principal's policies, from moto's IAM backend

def _managed(policies: Iterable[ManagedPolicy]) -> list[Policy]:
    found = []
    for managed in policies:
        version = next(v for v in managed.versions if v.version_id == managed.default_version_id)
        kind = "aws-managed" if isinstance(managed, AWSManagedPolicy) else "user-managed"
        found.append(Policy(managed.name, kind, version.document))
    return found


def _inline(policies: dict[str, str], kind: str) -> list[Policy]:
    return [Policy(name, kind, document) for name, document in policies.items()]


def principal_of(iam: IAMBackend, arn: str, caller_arn: str | None) -> Principal:
    found = _PRINCIPAL_ARN.match(arn or "")
    if found is None:
        raise InvalidInput(f"Invalid ARN: {arn}. SimulatePrincipalPolicy takes the ARN of an IAM user, group or role.")
    _, account, kind, name = found.groups()
    variables = {"aws:PrincipalAccount": account, "aws:PrincipalArn": arn}
    boundary: list[Policy] | None = None
    entity: Any
    if kind == "user":
        entity = iam.users.get(name)
        if entity is None or entity.arn != arn:
            raise NoSuchEntity(f"The user with name {name} cannot be found.")
        policies = _inline(entity.policies, "user") + _managed(entity.managed_policies.values())
        for group in iam.get_groups_for_user(name):
            policies += _inline(group.policies, "group") + _managed(group.managed_policies.values())
    elif kind == "role":
        entity = next((r for r in iam.roles.values() if r.name == name), None)
        if entity is None or entity.arn != arn:
            raise NoSuchEntity(f"The role with name {name} cannot be found.")
        policies = _inline(entity.policies, "role") + _managed(entity.managed_policies.values())
        if entity.permissions_boundary_arn:
            boundary = _managed([iam.get_policy(entity.permissions_boundary_arn)])
    else:
        entity = iam.groups.get(name)
        if entity is None or entity.arn != arn:
            raise NoSuchEntity(f"The group with name {name} cannot be found.")
        policies = _inline(entity.policies, "group") + _managed(entity.managed_policies.values())
    # ${aws:username} and ${aws:userid} are the caller's: CallerArn, else the principal when it is a user; a role's
    # session name is not known here, so for a role they have no value (the Resource or condition does not match).
    caller = caller_arn or (arn if kind == "user" else None)
    if caller:
        caller_match = _PRINCIPAL_ARN.match(caller)
        if caller_match is None or caller_match.group(3) != "user":
            raise InvalidInput(f"Invalid CallerArn: {caller}. It must be the ARN of an IAM user.")
        user = iam.users.get(caller_match.group(4))
        if user is None:
            raise NoSuchEntity(f"The user with name {caller_match.group(4)} cannot be found.")
        variables.update({"aws:username": user.name, "aws:userid": user.id})
    return Principal(arn, policies, boundary, variables)


# ---- the API operation

def simulate_principal_policy(self: IamResponse) -> Any:
    try:
        return ActionResult(_simulate(self))
    except NotEmulated as refused:
        # moto's serializer gives a code the IAM model lacks HTTP 400; a gap in the emulator is a server fault
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # moto warns of a code the IAM model does not list: that is the point
            _, headers, body = self.serialized(ActionResult(refused))
        return body, {**headers, "status": 500}


def _simulate(self: IamResponse) -> dict[str, Any]:
    source = self._get_param("PolicySourceArn")
    actions = self._get_param("ActionNames") or []
    if not source:
        raise ValidationError("1 validation error detected: Value null at 'policySourceArn' failed to satisfy "
                              "constraint: Member must not be null")
    if not actions:
        raise ValidationError("1 validation error detected: Value null at 'actionNames' failed to satisfy "
                              "constraint: Member must not be null")
    for unsupported in ("ResourcePolicy", "PermissionsBoundaryPolicyInputList", "PolicyExclusionList",
                        "ResourceHandlingOption"):
        if self._get_param(unsupported):
            raise NotEmulated(f"{unsupported} is not emulated by ecslab's IAM simulation (identity policies only).")
    principal = principal_of(self.backend, source, self._get_param("CallerArn"))
    for n, document in enumerate(self._get_param("PolicyInputList") or [], start=1):
        principal.policies.append(Policy(f"PolicyInputList.{n}", "IAM Policy", document))
    resources = self._get_param("ResourceArns") or None
    context = context_of(self._get_param("ContextEntries"))
    # MaxItems and Marker: everything fits in one answer
    return {"IsTruncated": False, "EvaluationResults": evaluate(principal, actions, resources, context)}


def install() -> None:
    IamResponse.simulate_principal_policy = simulate_principal_policy  # type: ignore[attr-defined]
