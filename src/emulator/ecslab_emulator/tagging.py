"""The Resource Groups Tagging API as AWS answers it, where moto 5.2.5 answers otherwise.

- ResourceTypeFilters are `service[:resourceType]` with the resource type of the ARN (API_GetResources): a log group
  is `logs:log-group` (arn:aws:logs:…:log-group:<name>); moto filed it as `logs:loggroup`, so AWS's filter found none.
- Listeners and listener rules are taggable ELBv2 resources (`elasticloadbalancing:listener`,
  `elasticloadbalancing:listener-rule`, the resource types of their ARNs); moto listed only load balancers and target
  groups.
- GetTagKeys and GetTagValues list each key, or value, once (API_GetTagKeys: "the tag keys currently in use");
  moto listed one per resource that carries it.

Each is a change to moto's backends, whose generators GetResources, GetTagKeys and GetTagValues page through.
"""

from collections.abc import Iterator

from moto.core.resource_tagging import TaggedResource
from moto.elbv2.models import ELBv2Backend, FakeListenerRule
from moto.logs.models import LogsBackend
from moto.resourcegroupstaggingapi.models import ResourceGroupsTaggingAPIBackend

# moto's resource type: the one in the ARN, which AWS's filters name
ARN_RESOURCE_TYPE = {"logs:loggroup": "logs:log-group"}


def as_in_the_arn(resources: Iterator[TaggedResource]) -> Iterator[TaggedResource]:
    for resource in resources:
        resource.resource_type = ARN_RESOURCE_TYPE.get(resource.resource_type, resource.resource_type)
        yield resource


def listeners_and_rules(backend: ELBv2Backend) -> Iterator[TaggedResource]:
    for load_balancer in list(backend.load_balancers.values()):
        for listener in list(load_balancer.listeners.values()):
            yield TaggedResource(arn=listener.arn, resource_type="elasticloadbalancing:listener",
                                 tags=backend.tagging_service.get_tag_dict_for_resource(listener.arn))
            for rule in list(listener.rules.values()):
                if isinstance(rule, FakeListenerRule):  # a default rule is the listener's own, no resource of its own
                    yield TaggedResource(arn=rule.arn, resource_type="elasticloadbalancing:listener-rule",
                                         tags=backend.tagging_service.get_tag_dict_for_resource(rule.arn))


def once_each(items: Iterator[str]) -> Iterator[str]:
    seen: set[str] = set()
    for item in items:
        if item not in seen:
            seen.add(item)
            yield item


def install() -> None:
    logs_resources = LogsBackend.iter_tagged_resources
    LogsBackend.iter_tagged_resources = lambda self: as_in_the_arn(logs_resources(self))

    elbv2_resources = ELBv2Backend.iter_tagged_resources

    def with_listeners(self: ELBv2Backend) -> Iterator[TaggedResource]:
        yield from elbv2_resources(self)
        yield from listeners_and_rules(self)

    ELBv2Backend.iter_tagged_resources = with_listeners

    tag_keys = ResourceGroupsTaggingAPIBackend._get_tag_keys_generator
    tag_values = ResourceGroupsTaggingAPIBackend._get_tag_values_generator

    def keys_once(self: ResourceGroupsTaggingAPIBackend) -> Iterator[str]:
        return once_each(tag_keys(self))

    def values_once(self: ResourceGroupsTaggingAPIBackend, tag_key: str) -> Iterator[str]:
        return once_each(tag_values(self, tag_key))

    ResourceGroupsTaggingAPIBackend._get_tag_keys_generator = keys_once
    ResourceGroupsTaggingAPIBackend._get_tag_values_generator = values_once

