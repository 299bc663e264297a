"""SSM's public parameters as AWS serves them, where moto 5.2.5 answers otherwise.

- A parameter whose value is a document — the ECS-optimized AMI's `.../recommended`, which AWS's tutorials pipe into
  jq — is JSON text, as in "Retrieving Amazon ECS-optimized Linux AMI metadata"; moto wrote the Python repr of a dict
  (single quotes), which no JSON reader takes.
- A public parameter's ARN has no account (`arn:aws:ssm:<region>::parameter/aws/service/...`): AWS owns it, not the
  caller; moto put the caller's account in.
- ECSLAB_EMULATOR_NO_ECS_AMI_PARAMETERS_IN (regions, comma-separated) publishes no ECS-optimized AMI parameters
  there, as AWS has not in every region ("Not all public parameters are published to every AWS Region"): a tool's
  ParameterNotFound path can be proven without a region moto knows nothing else about.

The agent (agent.py) reports the agent and Docker versions of the AMI its instance runs, from the same documents.
Each is a change to moto's backend, not a hook: GetParameter, GetParameters, GetParametersByPath and
GetParameterHistory all read these parameters.
"""

import functools
import json
import os
from typing import Any

from moto.ssm.models import Parameter, ParameterDict
from moto.utilities.utils import get_partition, load_resource

PUBLIC_PREFIX = "/aws/service/"
ECS_AMI_TREE = "ecs/optimized_amis/"
ECS_AMI_LINUX_2023 = ("aws", "service", "ecs", "optimized-ami", "amazon-linux-2023", "recommended")
WITHHELD_REGIONS_VARIABLE = "ECSLAB_EMULATOR_NO_ECS_AMI_PARAMETERS_IN"


def as_text(value: Any) -> str:
    """A parameter's value as AWS stores it: documents as compact JSON (AWS's own form), text as it is."""
    if isinstance(value, (dict, list)):
        return json.dumps(value, separators=(",", ":"))
    return value if isinstance(value, str) else str(value)


def public_arn(region: str, name: str) -> str:
    return f"arn:{get_partition(region)}:ssm:{region}::parameter/{name.lstrip('/')}"


def withheld_regions() -> set[str]:
    return {r.strip() for r in os.environ.get(WITHHELD_REGIONS_VARIABLE, "").split(",") if r.strip()}


@functools.lru_cache(maxsize=None)
def _ecs_ami_tree(region: str) -> dict[str, Any]:
    try:
        return load_resource(f"ssm/resources/{ECS_AMI_TREE}{region}.json")
    except FileNotFoundError:
        return {}


def _documents(tree: dict[str, Any]) -> list[dict[str, Any]]:
    """Every AMI document in moto's tree of a region's ECS-optimized AMI parameters."""
    found = []
    for key, child in tree.items():
        if key == "Value" and isinstance(child, dict):
            found.append(child)
        elif isinstance(child, dict):
            found.extend(_documents(child))
    return found


def _linux_2023_recommended(region: str) -> dict[str, Any] | None:
    node: Any = _ecs_ami_tree(region)
    for key in ECS_AMI_LINUX_2023:
        node = node.get(key, {}) if isinstance(node, dict) else {}
    document = node.get("Value") if isinstance(node, dict) else None
    return document if isinstance(document, dict) else None


def ecs_ami_document(region: str, image_id: str) -> dict[str, Any] | None:
    """The ECS-optimized AMI document of image_id in region; for any other image, the region's (else us-east-1's)
    recommended Amazon Linux 2023 one, as an instance that runs some other AMI with the agent installed."""
    if region not in withheld_regions():
        for document in _documents(_ecs_ami_tree(region)):
            if document.get("image_id") == image_id:
                return document
    return _linux_2023_recommended(region) or _linux_2023_recommended("us-east-1")


def install() -> None:
    load_tree_parameters = ParameterDict._load_tree_parameters

    def as_aws_publishes(self: ParameterDict, path: str) -> None:
        if path.startswith(ECS_AMI_TREE) and self.region_name in withheld_regions():
            return
        load_tree_parameters(self, path)
        for versions in dict.values(self):
            for parameter in versions:
                parameter.value = as_text(parameter.value)

    response_object = Parameter.response_object

    def with_public_arn(self: Parameter, decrypt: bool = False, region: str | None = None) -> dict[str, Any]:
        answer = response_object(self, decrypt, region)
        if region and self.name.startswith(PUBLIC_PREFIX):
            answer["ARN"] = public_arn(region, self.name)
        return answer

    ParameterDict._load_tree_parameters = as_aws_publishes
    Parameter.response_object = with_public_arn
