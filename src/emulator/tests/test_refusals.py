"""Where AWS refuses or de-duplicates, the local AWS does too — otherwise tests of cleanup order and of retries
could not fail when they should."""

import pytest
from botocore.exceptions import ClientError

from conftest import AMI_PARAMETER, retrying, seen_group, unique, wait_for


def error_code(call) -> str:
    with pytest.raises(ClientError) as raised:
        call()
    return raised.value.response["Error"]["Code"]


def test_run_instances_with_the_same_client_token_returns_the_same_instance(lab):
    _, subnets = lab.network()
    ami = lab.ssm.get_parameter(Name=AMI_PARAMETER)["Parameter"]["Value"]
    token = unique("token")
    first = lab.ec2.run_instances(ImageId=ami, InstanceType="t3.micro", MinCount=1, MaxCount=1, SubnetId=subnets[0],
                                  ClientToken=token)["Instances"][0]["InstanceId"]
    second = lab.ec2.run_instances(ImageId=ami, InstanceType="t3.micro", MinCount=1, MaxCount=1, SubnetId=subnets[0],
                                   ClientToken=token)["Instances"][0]["InstanceId"]
    assert first == second
    # a new instance takes a moment to show up in a filtered describe (eventual consistency)
    found = wait_for(lambda: lab.ec2.describe_instances(Filters=[{"Name": "client-token", "Values": [token]}])[
        "Reservations"], what="the instance in describe-instances")
    assert sum(len(r["Instances"]) for r in found) == 1


def test_unknown_instance_types_and_images_are_refused(lab):
    _, subnets = lab.network()
    ami = lab.ssm.get_parameter(Name=AMI_PARAMETER)["Parameter"]["Value"]
    # AWS answers InvalidParameterValue here; moto its own InvalidInstanceType.NotFound — refused either way.
    assert error_code(lambda: lab.ec2.run_instances(ImageId=ami, InstanceType="t3.bogus", MinCount=1, MaxCount=1,
                                                    SubnetId=subnets[0])).startswith("Invalid")
    assert error_code(lambda: lab.ec2.describe_instance_types(InstanceTypes=["t3.bogus"])) == "InvalidInstanceType"
    assert error_code(lambda: lab.ec2.run_instances(ImageId="ami-12345678", InstanceType="t3.micro", MinCount=1,
                                                    MaxCount=1, SubnetId=subnets[0])) == "InvalidAMIID.NotFound"


def test_create_cluster_with_an_existing_name_returns_it_unchanged(lab):
    name = unique("dup")
    first = lab.ecs.create_cluster(clusterName=name, tags=[{"key": "owner", "value": "me"}])["cluster"]
    second = lab.ecs.create_cluster(clusterName=name)["cluster"]
    assert second["clusterArn"] == first["clusterArn"]
    tags = lab.ecs.list_tags_for_resource(resourceArn=first["clusterArn"])["tags"]
    assert tags == [{"key": "owner", "value": "me"}]


def test_create_service_is_idempotent_only_for_the_same_token_and_request(lab):
    cluster = unique("svcdup")
    lab.ecs.create_cluster(clusterName=cluster)
    td = lab.task_definition(unique("web"))
    kwargs = dict(cluster=cluster, serviceName="web", taskDefinition=td, desiredCount=0, launchType="EC2")
    first = lab.ecs.create_service(clientToken="t-1", **kwargs)["service"]
    assert lab.ecs.create_service(clientToken="t-1", **kwargs)["service"]["serviceArn"] == first["serviceArn"]
    assert error_code(lambda: lab.ecs.create_service(clientToken="t-2", **kwargs)) == "InvalidParameterException"
    assert error_code(lambda: lab.ecs.create_service(**kwargs)) == "InvalidParameterException"
    assert len(lab.ecs.list_services(cluster=cluster)["serviceArns"]) == 1


def test_negative_desired_counts_are_refused(lab):
    cluster = unique("neg")
    lab.ecs.create_cluster(clusterName=cluster)
    td = lab.task_definition(unique("web"))
    assert error_code(lambda: lab.ecs.create_service(cluster=cluster, serviceName="web", taskDefinition=td,
                                                     desiredCount=-1)) == "InvalidParameterException"
    lab.ecs.create_service(cluster=cluster, serviceName="web", taskDefinition=td, desiredCount=0)
    assert error_code(lambda: lab.ecs.update_service(cluster=cluster, service="web", desiredCount=-1)) \
        == "InvalidParameterException"


def test_delete_cluster_is_refused_while_services_or_instances_remain(lab):
    cluster = unique("busy")
    ci = lab.cluster_with_instance(cluster)
    lab.service(cluster, "web", lab.task_definition(unique("web")), 1)
    assert error_code(lambda: lab.ecs.delete_cluster(cluster=cluster)) == "ClusterContainsServicesException"

    lab.ecs.delete_service(cluster=cluster, service="web", force=True)
    lab.ecs.get_waiter("services_inactive").wait(cluster=cluster, services=["web"],
                                                  WaiterConfig={"Delay": 1, "MaxAttempts": 20})
    assert error_code(lambda: lab.ecs.delete_cluster(cluster=cluster)) == "ClusterContainsContainerInstancesException"

    lab.ec2.terminate_instances(InstanceIds=[ci["ec2InstanceId"]])
    wait_for(lambda: not lab.ecs.list_container_instances(cluster=cluster, status="ACTIVE")["containerInstanceArns"],
             what="instance gone")
    assert lab.ecs.delete_cluster(cluster=cluster)["cluster"]["status"] == "INACTIVE"


def test_delete_security_group_is_refused_while_something_uses_it(lab):
    vpc, subnets = lab.network()
    alb_sg = lab.ec2.create_security_group(GroupName=unique("alb"), Description="alb", VpcId=vpc)["GroupId"]
    instance_sg = lab.ec2.create_security_group(GroupName=unique("inst"), Description="instance", VpcId=vpc)["GroupId"]
    for group in (alb_sg, instance_sg):
        seen_group(lab.ec2, group)
    retrying(lambda: lab.ec2.authorize_security_group_ingress(GroupId=instance_sg, IpPermissions=[{
        "IpProtocol": "tcp", "FromPort": 32768, "ToPort": 65535, "UserIdGroupPairs": [{"GroupId": alb_sg}]}]),
        "InvalidGroup.NotFound")
    ami = lab.ssm.get_parameter(Name=AMI_PARAMETER)["Parameter"]["Value"]
    instance = lab.ec2.run_instances(ImageId=ami, InstanceType="t3.micro", MinCount=1, MaxCount=1,
                                     SubnetId=subnets[0], SecurityGroupIds=[instance_sg])["Instances"][0]["InstanceId"]
    # a new instance is unknown to DescribeInstances for a moment; the terminated-waiter below would fail on that
    retrying(lambda: lab.ec2.describe_instances(InstanceIds=[instance]), "InvalidInstanceID.NotFound")
    lb = lab.elb.create_load_balancer(Name=unique("sg"), Subnets=subnets, SecurityGroups=[alb_sg])[
        "LoadBalancers"][0]["LoadBalancerArn"]

    # referenced by the instance group's rule, and used by the load balancer
    assert error_code(lambda: lab.ec2.delete_security_group(GroupId=alb_sg)) == "DependencyViolation"
    # used by a running instance
    assert error_code(lambda: lab.ec2.delete_security_group(GroupId=instance_sg)) == "DependencyViolation"

    lab.ec2.terminate_instances(InstanceIds=[instance])
    lab.ec2.get_waiter("instance_terminated").wait(InstanceIds=[instance], WaiterConfig={"Delay": 1, "MaxAttempts": 20})
    lab.ec2.delete_security_group(GroupId=instance_sg)
    assert error_code(lambda: lab.ec2.delete_security_group(GroupId=alb_sg)) == "DependencyViolation"  # the ALB
    lab.elb.delete_load_balancer(LoadBalancerArn=lb)
    # the deleted ALB's network interfaces hold its group a while (the clock's ENI linger), then let go
    assert error_code(lambda: lab.ec2.delete_security_group(GroupId=alb_sg)) == "DependencyViolation"
    retrying(lambda: lab.ec2.delete_security_group(GroupId=alb_sg), "DependencyViolation", seconds=30)


def test_load_balancers_and_target_groups_are_returned_for_the_same_request_and_refused_otherwise(lab):
    vpc, subnets = lab.network()
    sg = seen_group(lab.ec2, lab.ec2.create_security_group(GroupName=unique("lb"), Description="lb",
                                                           VpcId=vpc)["GroupId"])
    name = unique("alb")
    first = lab.elb.create_load_balancer(Name=name, Subnets=subnets, SecurityGroups=[sg])["LoadBalancers"][0]
    again = lab.elb.create_load_balancer(Name=name, Subnets=subnets, SecurityGroups=[sg])["LoadBalancers"][0]
    assert again["LoadBalancerArn"] == first["LoadBalancerArn"]
    assert error_code(lambda: lab.elb.create_load_balancer(Name=name, Subnets=subnets)) == "DuplicateLoadBalancerName"
    assert len([lb for lb in lab.elb.describe_load_balancers()["LoadBalancers"] if lb["LoadBalancerName"] == name]) == 1

    tg_kwargs = dict(Name=unique("tg"), Protocol="HTTP", Port=80, VpcId=vpc, HealthCheckIntervalSeconds=5)
    tg = lab.elb.create_target_group(**tg_kwargs)["TargetGroups"][0]["TargetGroupArn"]
    assert lab.elb.create_target_group(**tg_kwargs)["TargetGroups"][0]["TargetGroupArn"] == tg
    assert error_code(lambda: lab.elb.create_target_group(**{**tg_kwargs, "Port": 8080})) == "DuplicateTargetGroupName"

    action = [{"Type": "forward", "TargetGroupArn": tg}]
    lab.elb.create_listener(LoadBalancerArn=first["LoadBalancerArn"], Protocol="HTTP", Port=80, DefaultActions=action)
    assert error_code(lambda: lab.elb.create_listener(LoadBalancerArn=first["LoadBalancerArn"], Protocol="HTTP",
                                                      Port=80, DefaultActions=action)) == "DuplicateListener"
    assert error_code(lambda: lab.elb.delete_target_group(TargetGroupArn=tg)) == "ResourceInUse"


def test_an_application_load_balancer_needs_two_availability_zones(lab):
    _, subnets = lab.network()
    assert error_code(lambda: lab.elb.create_load_balancer(Name=unique("one"), Subnets=subnets[:1])) \
        == "ValidationError"


def test_groups_on_the_primary_network_interface_are_the_instances_and_keep_its_group_in_use(lab):
    vpc, subnets = lab.network()
    group = seen_group(lab.ec2, lab.ec2.create_security_group(GroupName=unique("nic"), Description="nic",
                                                              VpcId=vpc)["GroupId"])
    ami = lab.ssm.get_parameter(Name=AMI_PARAMETER)["Parameter"]["Value"]
    instance = lab.ec2.run_instances(ImageId=ami, InstanceType="t3.micro", MinCount=1, MaxCount=1, NetworkInterfaces=[
        {"DeviceIndex": 0, "SubnetId": subnets[0], "Groups": [group], "AssociatePublicIpAddress": True,
         "DeleteOnTermination": True}])["Instances"][0]["InstanceId"]

    seen = retrying(lambda: lab.ec2.describe_instances(InstanceIds=[instance]), "InvalidInstanceID.NotFound")
    described = seen["Reservations"][0]["Instances"][0]
    assert [g["GroupId"] for g in described["SecurityGroups"]] == [group]
    assert described.get("PublicIpAddress")
    assert error_code(lambda: lab.ec2.delete_security_group(GroupId=group)) == "DependencyViolation"

    # Terminating twice answers the state, as AWS does (moto alone fails on the interface it already deleted).
    lab.ec2.terminate_instances(InstanceIds=[instance])
    again = lab.ec2.terminate_instances(InstanceIds=[instance])["TerminatingInstances"][0]
    assert again["CurrentState"]["Name"] in ("shutting-down", "terminated")
    lab.ec2.get_waiter("instance_terminated").wait(InstanceIds=[instance], WaiterConfig={"Delay": 1, "MaxAttempts": 20})
    lab.ec2.delete_security_group(GroupId=group)


def test_no_service_can_be_updated_to_an_inactive_task_definition(lab):
    cluster = unique("inactive")
    lab.ecs.create_cluster(clusterName=cluster)
    lab.service(cluster, "web", lab.task_definition(unique("live")), 0)
    gone = lab.task_definition(unique("gone"))
    lab.ecs.deregister_task_definition(taskDefinition=gone)
    with pytest.raises(ClientError) as refused:
        lab.ecs.update_service(cluster=cluster, service="web", taskDefinition=gone)
    assert refused.value.response["Error"]["Code"] == "InvalidParameterException"
    assert refused.value.response["Error"]["Message"] == "TaskDefinition is inactive"
