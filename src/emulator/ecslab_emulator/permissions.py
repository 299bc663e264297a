"""What IAM authorizes for each API operation: the table the emulator's authorization stage (authorization.py) reads.

One row per operation, keyed "<signing service>:<Operation>". A row lists its checks: an IAM action, the resources
it is authorized on (named by a resolver of authorization.py, or "*" where the Service Authorization Reference lists
no resource type), and the request context each check carries:
  request_tags   aws:RequestTag/<key> and aws:TagKeys from the tags the request gives the resource
  resource_tags  aws:ResourceTag/<key> from the resource's tags as they are now
  context        a named context of authorization.py (ec2:Owner, iam:PassedToService, ecs:cluster, ...)
  when           a named condition under which the check is made at all (a role passed, a service-linked role
                 missing)
A row's `tagging` names the tag action AWS also authorizes when a create carries tags, with its CreateAction key.

Sources, each row naming its own:
  SAR    the Service Authorization Reference, programmatic form (parliament's iam_definition.json has a copy):
         https://docs.aws.amazon.com/service-authorization/latest/reference/reference.html
  ELB    "Elastic Load Balancing API permissions" (the EC2 reads and service-linked role a caller needs):
         https://docs.aws.amazon.com/elasticloadbalancing/latest/userguide/elb-api-permissions.html
  TAGS-* the tag-on-create authorization of each service:
         https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/supported-iam-actions-tagging.html
         https://docs.aws.amazon.com/AmazonECS/latest/developerguide/supported-iam-actions-tagging.html
         https://docs.aws.amazon.com/elasticloadbalancing/latest/application/tagging-resources-during-creation.html
         https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html
         https://docs.aws.amazon.com/IAM/latest/UserGuide/id_tags.html
  PASS   iam:PassRole: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html and
         AddRoleToInstanceProfile's API reference ("must be granted the PassRole permission on the IAM role")
  SLR    service-linked roles: https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html
An operation without a row is refused (NotEmulated): a missing row must never pass a call AWS might refuse.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Check:
    action: str
    resources: str = "*"
    request_tags: bool = False
    resource_tags: bool = False
    context: str | None = None
    when: str | None = None


@dataclass(frozen=True)
class Row:
    source: str
    checks: list[Check] = field(default_factory=list)
    tagging: tuple[str, str] | None = None  # (tag action, its CreateAction key)
    never_denied: bool = False


def _reads(prefix: str, operations: str, source: str = "SAR") -> dict[str, Row]:
    """Operations authorized by their own action on "*" (the SAR lists no resource type for them)."""
    return {f"{prefix}:{op}": Row(source, [Check(f"{prefix}:{op}")]) for op in operations.split()}


def _each(prefix: str, operations: str, resources: str, action_prefix: str | None = None,
          resource_tags: bool = False, context: str | None = None) -> dict[str, Row]:
    """Operations authorized by their own action on the resources one resolver names."""
    return {f"{prefix}:{op}": Row("SAR", [Check(f"{action_prefix or prefix}:{op}", resources,
                                                resource_tags=resource_tags, context=context)])
            for op in operations.split()}


# ELB's caller-side reads (ELB, "Required permissions for the 2015-12-01 API").
_ELB_LOAD_BALANCER_READS = ("ec2:DescribeAccountAttributes ec2:DescribeAddresses ec2:DescribeInternetGateways "
                            "ec2:DescribeSecurityGroups ec2:DescribeSubnets ec2:DescribeVpcs").split()
_ELB_TARGET_GROUP_READS = "ec2:DescribeInternetGateways ec2:DescribeVpcs".split()

OPERATIONS: dict[str, Row] = {
    # ---- STS: GetCallerIdentity needs no permission (its API reference: "No permissions are required")
    "sts:GetCallerIdentity": Row("https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html",
                                 never_denied=True),
    "sts:AssumeRole": Row("SAR", [Check("sts:AssumeRole", "iam_role_param")]),

    # ---- EC2
    **_reads("ec2", "DescribeVpcs DescribeSubnets DescribeSecurityGroups DescribeInstances DescribeInstanceTypes "
                    "DescribeInstanceTypeOfferings DescribeAvailabilityZones DescribeImages DescribeAccountAttributes "
                    "DescribeAddresses DescribeInternetGateways DescribeTags DescribeNetworkInterfaces "
                    "DescribeInstanceStatus DescribeRegions DescribeRouteTables DescribeSecurityGroupRules"),
    "ec2:RunInstances": Row("SAR, TAGS-EC2, PASS", [
        Check("ec2:RunInstances", "ec2_run_image", resource_tags=True, context="ec2_image_owner"),
        Check("ec2:RunInstances", "ec2_run_created", request_tags=True, resource_tags=True),
        Check("ec2:RunInstances", "ec2_run_security_groups", resource_tags=True),  # each with its ec2:Vpc
        Check("ec2:RunInstances", "ec2_run_subnet", resource_tags=True),
        Check("iam:PassRole", "ec2_run_profile_role", context="passed_to_ec2", when="instance_profile_given"),
    ], tagging=("ec2:CreateTags", "ec2:CreateAction")),
    "ec2:CreateSecurityGroup": Row("SAR, TAGS-EC2", [
        Check("ec2:CreateSecurityGroup", "ec2_new_security_group", request_tags=True),
        Check("ec2:CreateSecurityGroup", "ec2_security_group_vpc", resource_tags=True),
    ], tagging=("ec2:CreateTags", "ec2:CreateAction")),
    **_each("ec2", "AuthorizeSecurityGroupIngress RevokeSecurityGroupIngress AuthorizeSecurityGroupEgress "
                   "RevokeSecurityGroupEgress DeleteSecurityGroup", "ec2_group_id", resource_tags=True),
    **_each("ec2", "TerminateInstances StopInstances StartInstances RebootInstances", "ec2_instance_ids",
            resource_tags=True),
    "ec2:CreateKeyPair": Row("SAR, TAGS-EC2", [Check("ec2:CreateKeyPair", "ec2_new_key_pair", request_tags=True)],
                             tagging=("ec2:CreateTags", "ec2:CreateAction")),
    "ec2:DeleteKeyPair": Row("SAR", [Check("ec2:DeleteKeyPair", "ec2_key_pair", resource_tags=True)]),
    **_reads("ec2", "DescribeKeyPairs"),
    "ec2:CreateTags": Row("SAR", [Check("ec2:CreateTags", "ec2_tagged_resources", request_tags=True,
                                        resource_tags=True)]),
    "ec2:DeleteTags": Row("SAR", [Check("ec2:DeleteTags", "ec2_tagged_resources", request_tags=True,
                                        resource_tags=True)]),

    # ---- ECS
    **_reads("ecs", "ListClusters ListTaskDefinitions ListTaskDefinitionFamilies DescribeTaskDefinition "
                    "DeregisterTaskDefinition ListAccountSettings DescribeCapacityProviders"),
    # CreateCluster tries to make ECS's service-linked role and goes on without it when the caller may not
    # (API_CreateCluster); the lab makes the role itself (iam:CreateServiceLinkedRole, below).
    "ecs:CreateCluster": Row("SAR, TAGS-ECS", [Check("ecs:CreateCluster", "ecs_new_cluster", request_tags=True)],
                             tagging=("ecs:TagResource", "ecs:CreateAction")),
    **_each("ecs", "DescribeClusters", "ecs_clusters"),
    **_each("ecs", "ListContainerInstances ListServices PutClusterCapacityProviders", "ecs_cluster"),
    **_each("ecs", "DeleteCluster UpdateCluster DeregisterContainerInstance", "ecs_cluster", resource_tags=True),
    # RunTask and StartTask are authorized on the task definition they run, in their cluster (the AWS CLI tutorial
    # runs a task by hand); a role given in the overrides is passed to ECS's tasks.
    **{f"ecs:{op}": Row("SAR, TAGS-ECS, PASS", [
        Check(f"ecs:{op}", "ecs_task_definition_param", request_tags=True, context="ecs_cluster_key"),
        Check("iam:PassRole", "ecs_override_roles", context="passed_to_ecs_tasks", when="override_roles_given"),
    ], tagging=("ecs:TagResource", "ecs:CreateAction")) for op in ("RunTask", "StartTask")},
    "ecs:RegisterTaskDefinition": Row("SAR, TAGS-ECS, PASS", [
        Check("ecs:RegisterTaskDefinition", "ecs_new_task_definition", request_tags=True),
        Check("iam:PassRole", "ecs_task_roles", context="passed_to_ecs_tasks", when="task_roles_given"),
    ], tagging=("ecs:TagResource", "ecs:CreateAction")),
    "ecs:DeleteTaskDefinitions": Row("SAR", [Check("ecs:DeleteTaskDefinitions", "ecs_task_definitions",
                                                   resource_tags=True)]),
    "ecs:CreateService": Row("SAR, TAGS-ECS", [
        Check("ecs:CreateService", "ecs_new_service", request_tags=True, context="ecs_service_context"),
    ], tagging=("ecs:TagResource", "ecs:CreateAction")),
    **_each("ecs", "UpdateService DeleteService", "ecs_service", resource_tags=True, context="ecs_cluster_key"),
    **_each("ecs", "DescribeServices", "ecs_services", context="ecs_cluster_key"),
    **_each("ecs", "ListTasks", "ecs_list_tasks_scope", context="ecs_cluster_key"),
    **_each("ecs", "DescribeTasks StopTask", "ecs_tasks", context="ecs_cluster_key"),
    **_each("ecs", "DescribeContainerInstances", "ecs_container_instances", context="ecs_cluster_key"),
    **_each("ecs", "ListTagsForResource", "resource_arn_param"),
    "ecs:TagResource": Row("SAR", [Check("ecs:TagResource", "resource_arn_param", request_tags=True,
                                         resource_tags=True)]),
    "ecs:UntagResource": Row("SAR", [Check("ecs:UntagResource", "resource_arn_param", resource_tags=True,
                                           context="tag_keys_removed")]),

    # ---- Elastic Load Balancing (v2)
    **_reads("elasticloadbalancing", "DescribeLoadBalancers DescribeTargetGroups DescribeListeners "
                                     "DescribeTargetHealth DescribeTags DescribeAccountLimits "
                                     "DescribeLoadBalancerAttributes DescribeTargetGroupAttributes DescribeRules "
                                     "DescribeListenerAttributes DescribeSSLPolicies"),
    "elasticloadbalancing:CreateLoadBalancer": Row("SAR, ELB, TAGS-ELB, SLR", [
        Check("elasticloadbalancing:CreateLoadBalancer", "elb_new_load_balancer", request_tags=True),
        *[Check(action) for action in _ELB_LOAD_BALANCER_READS],
        Check("iam:CreateServiceLinkedRole", "elb_service_linked_role", context="elb_service_name",
              when="elb_service_linked_role_missing"),
    ], tagging=("elasticloadbalancing:AddTags", "elasticloadbalancing:CreateAction")),
    "elasticloadbalancing:CreateTargetGroup": Row("SAR, ELB, TAGS-ELB", [
        Check("elasticloadbalancing:CreateTargetGroup", "elb_new_target_group", request_tags=True),
        *[Check(action) for action in _ELB_TARGET_GROUP_READS],
    ], tagging=("elasticloadbalancing:AddTags", "elasticloadbalancing:CreateAction")),
    # A listener is created on its load balancer (the SAR's resource); its tags are the new listener's.
    "elasticloadbalancing:CreateListener": Row("SAR, TAGS-ELB", [
        Check("elasticloadbalancing:CreateListener", "elb_listener_load_balancer", request_tags=True,
              resource_tags=True),
        Check("elasticloadbalancing:AddTags", "elb_new_listener", request_tags=True, context="elb_create_listener",
              when="request_has_query_tags"),
    ]),
    **_each("elasticloadbalancing", "DeleteLoadBalancer ModifyLoadBalancerAttributes", "elb_load_balancer_param",
            resource_tags=True),
    **_each("elasticloadbalancing", "DeleteTargetGroup ModifyTargetGroupAttributes ModifyTargetGroup",
            "elb_target_group_param", resource_tags=True),
    **_each("elasticloadbalancing", "DeleteListener ModifyListener", "elb_listener_param", resource_tags=True),
    # RegisterTargets reads the caller's instances and network too (ELB)
    "elasticloadbalancing:RegisterTargets": Row("SAR, ELB", [
        Check("elasticloadbalancing:RegisterTargets", "elb_target_group_param", resource_tags=True),
        *[Check(action) for action in ("ec2:DescribeInstances ec2:DescribeInternetGateways ec2:DescribeSubnets "
                                       "ec2:DescribeVpcs").split()],
    ]),
    **_each("elasticloadbalancing", "DeregisterTargets", "elb_target_group_param", resource_tags=True),
    "elasticloadbalancing:AddTags": Row("SAR", [Check("elasticloadbalancing:AddTags", "elb_resource_arns",
                                                      request_tags=True, resource_tags=True)]),
    "elasticloadbalancing:RemoveTags": Row("SAR", [Check("elasticloadbalancing:RemoveTags", "elb_resource_arns",
                                                         resource_tags=True, context="tag_keys_removed")]),

    # ---- CloudWatch Logs
    **_reads("logs", "DescribeLogGroups"),
    "logs:CreateLogGroup": Row("SAR, TAGS-LOGS", [
        Check("logs:CreateLogGroup", "logs_group", request_tags=True),
        # CreateLogGroup's API reference: tagging while creating needs logs:TagResource (and the older
        # logs:TagLogGroup); both are asked, the stricter reading.
        Check("logs:TagResource", "logs_group", request_tags=True, when="request_has_tags"),
        Check("logs:TagLogGroup", "logs_group", request_tags=True, when="request_has_tags"),
    ]),
    **_each("logs", "PutRetentionPolicy DeleteLogGroup DescribeLogStreams FilterLogEvents GetLogEvents "
                    "DeleteRetentionPolicy", "logs_group", resource_tags=True),
    **_each("logs", "ListTagsForResource", "logs_resource_arn"),
    **_each("logs", "ListTagsLogGroup", "logs_group"),
    "logs:TagResource": Row("SAR", [Check("logs:TagResource", "logs_resource_arn", request_tags=True,
                                          resource_tags=True)]),

    # ---- SSM (the ECS-optimized AMI's public parameter)
    **_each("ssm", "GetParameter", "ssm_parameter"),
    **_each("ssm", "GetParameters", "ssm_parameters"),

    # ---- Service Quotas, Resource Groups Tagging API: no resource-level permissions
    **_reads("servicequotas", "GetServiceQuota ListServiceQuotas GetAWSDefaultServiceQuota"),
    **{f"tagging:{op}": Row("SAR", [Check(f"tag:{op}")]) for op in "GetResources GetTagKeys GetTagValues".split()},

    # ---- IAM
    **_reads("iam", "ListRoles ListInstanceProfiles ListPolicies ListUsers"),
    "iam:CreateRole": Row("SAR, TAGS-IAM", [Check("iam:CreateRole", "iam_new_role", request_tags=True,
                                                  context="iam_boundary_asked")],
                          tagging=("iam:TagRole", None)),
    "iam:PutRolePermissionsBoundary": Row("SAR", [Check("iam:PutRolePermissionsBoundary", "iam_role_param",
                                                        resource_tags=True, context="iam_boundary_asked")]),
    "iam:DeleteRolePermissionsBoundary": Row("SAR", [Check("iam:DeleteRolePermissionsBoundary", "iam_role_param",
                                                           resource_tags=True, context="iam_boundary_of_role")]),
    **_each("iam", "GetPolicy", "iam_policy_param"),
    "iam:CreateInstanceProfile": Row("SAR, TAGS-IAM", [
        Check("iam:CreateInstanceProfile", "iam_new_instance_profile", request_tags=True)],
        tagging=("iam:TagInstanceProfile", None)),
    **_each("iam", "GetRole ListAttachedRolePolicies ListRolePolicies DeleteRole GetRolePolicy "
                   "ListInstanceProfilesForRole UpdateAssumeRolePolicy", "iam_role_param", resource_tags=True),
    # the SAR gives these iam:PermissionsBoundary, the role's boundary as it is now
    **_each("iam", "DeleteRolePolicy PutRolePolicy", "iam_role_param", resource_tags=True,
            context="iam_boundary_of_role"),
    **_each("iam", "AttachRolePolicy DetachRolePolicy", "iam_role_param", resource_tags=True,
            context="iam_policy_arn_and_boundary"),
    "iam:TagRole": Row("SAR", [Check("iam:TagRole", "iam_role_param", request_tags=True, resource_tags=True)]),
    **_each("iam", "GetInstanceProfile DeleteInstanceProfile RemoveRoleFromInstanceProfile",
            "iam_instance_profile_param", resource_tags=True),
    "iam:AddRoleToInstanceProfile": Row("SAR, PASS", [
        Check("iam:AddRoleToInstanceProfile", "iam_instance_profile_param", resource_tags=True),
        Check("iam:PassRole", "iam_role_param", context="passed_to_ec2"),
    ]),
    "iam:CreateServiceLinkedRole": Row("SAR, SLR", [
        Check("iam:CreateServiceLinkedRole", "iam_service_linked_role", context="iam_aws_service_name")]),
    **_each("iam", "SimulatePrincipalPolicy", "iam_policy_source_arn"),
    **_each("iam", "GetUser", "iam_user_param"),
}
