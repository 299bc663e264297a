"""The sequence a person runs against real AWS for the ECS lab (docs/aws.md), with no emulator-only call,
completes against the local AWS."""

import json

from conftest import AMI_PARAMETER, retrying, seen_group, unique, user_data, wait_for

MANAGED_POLICY = "arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role"


def test_the_whole_lab_with_plain_aws_calls(lab):
    name = unique("lab")
    tags = [{"Key": "ecslab:lab", "Value": name}]
    # IAM: container-instance role and profile under /ecslab/ with the ECS managed policy
    trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"},
                                                     "Action": "sts:AssumeRole"}]}
    lab.iam.create_role(RoleName=f"{name}-role", Path="/ecslab/", AssumeRolePolicyDocument=json.dumps(trust), Tags=tags)
    lab.iam.attach_role_policy(RoleName=f"{name}-role", PolicyArn=MANAGED_POLICY)
    lab.iam.create_instance_profile(InstanceProfileName=f"{name}-profile", Path="/ecslab/")
    lab.iam.add_role_to_instance_profile(InstanceProfileName=f"{name}-profile", RoleName=f"{name}-role")
    lab.iam.get_waiter("instance_profile_exists").wait(InstanceProfileName=f"{name}-profile")

    # Network and security groups: ALB 80 from anywhere; instance 32768-65535 from the ALB's group only
    vpc, subnets = lab.network()
    assert len(subnets) == 2
    # (a new group is not visible at once: retry InvalidGroup.NotFound, keeping the returned id)
    alb_sg = seen_group(lab.ec2, lab.ec2.create_security_group(GroupName=f"{name}-alb", Description="alb",
                                                               VpcId=vpc)["GroupId"])
    retrying(lambda: lab.ec2.authorize_security_group_ingress(GroupId=alb_sg, IpPermissions=[{
        "IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]),
        "InvalidGroup.NotFound")
    inst_sg = seen_group(lab.ec2, lab.ec2.create_security_group(GroupName=f"{name}-inst", Description="instance",
                                                                VpcId=vpc)["GroupId"])
    retrying(lambda: lab.ec2.authorize_security_group_ingress(GroupId=inst_sg, IpPermissions=[{
        "IpProtocol": "tcp", "FromPort": 32768, "ToPort": 65535, "UserIdGroupPairs": [{"GroupId": alb_sg}]}]),
        "InvalidGroup.NotFound")

    # Step 1: cluster + one container instance
    cluster = lab.ecs.create_cluster(clusterName=name, tags=[{"key": "ecslab:lab", "value": name}],
                                     settings=[{"name": "containerInsights", "value": "disabled"}])["cluster"]
    ami = lab.ssm.get_parameter(Name=AMI_PARAMETER)["Parameter"]["Value"]
    run_token = unique("run")
    # (EC2 sees a new instance profile, and its role, only after a while: retry InvalidParameterValue)
    instance = retrying(lambda: lab.ec2.run_instances(
        ImageId=ami, InstanceType="t3.micro", MinCount=1, MaxCount=1, SubnetId=subnets[0],
        SecurityGroupIds=[inst_sg], IamInstanceProfile={"Name": f"{name}-profile"}, UserData=user_data(name),
        MetadataOptions={"HttpTokens": "required", "HttpEndpoint": "enabled", "HttpPutResponseHopLimit": 2},
        CreditSpecification={"CpuCredits": "standard"}, ClientToken=run_token,
        TagSpecifications=[{"ResourceType": t, "Tags": tags} for t in ("instance", "volume", "network-interface")],
    ), "InvalidParameterValue")["Instances"][0]["InstanceId"]
    lab.ec2.get_waiter("instance_running").wait(InstanceIds=[instance], WaiterConfig={"Delay": 1, "MaxAttempts": 20})
    wait_for(lambda: lab.container_instance(name, instance), what="container instance")

    # Step 2: log group + task definition
    lab.logs.create_log_group(logGroupName=f"/ecs/{name}", tags={"ecslab:lab": name})
    lab.logs.put_retention_policy(logGroupName=f"/ecs/{name}", retentionInDays=1)
    td = lab.ecs.register_task_definition(
        family=f"{name}-web", networkMode="bridge", requiresCompatibilities=["EC2"],
        containerDefinitions=[{"name": "web", "image": "public.ecr.aws/nginx/nginx:stable", "essential": True,
                               "cpu": 128, "memory": 128, "memoryReservation": 64,
                               "portMappings": [{"containerPort": 80, "hostPort": 0, "protocol": "tcp"}],
                               "logConfiguration": {"logDriver": "awslogs", "options": {
                                   "awslogs-group": f"/ecs/{name}", "awslogs-region": "us-east-1",
                                   "awslogs-stream-prefix": "web"}}}])["taskDefinition"]["taskDefinitionArn"]

    # Step 3: ALB + target group + listener (before the service)
    lb = lab.elb.create_load_balancer(Name=f"{name}-alb", Subnets=subnets, SecurityGroups=[alb_sg],
                                      Scheme="internet-facing", Type="application", IpAddressType="ipv4",
                                      Tags=tags)["LoadBalancers"][0]["LoadBalancerArn"]
    lab.elb.get_waiter("load_balancer_available").wait(LoadBalancerArns=[lb], WaiterConfig={"Delay": 1})
    tg = lab.elb.create_target_group(
        Name=f"{name}-tg", Protocol="HTTP", Port=80, VpcId=vpc, TargetType="instance", HealthCheckProtocol="HTTP",
        HealthCheckPath="/", HealthCheckIntervalSeconds=5, HealthCheckTimeoutSeconds=4, HealthyThresholdCount=2,
        UnhealthyThresholdCount=2, Matcher={"HttpCode": "200"}, Tags=tags)["TargetGroups"][0]["TargetGroupArn"]
    lab.elb.modify_target_group_attributes(TargetGroupArn=tg, Attributes=[
        {"Key": "deregistration_delay.timeout_seconds", "Value": "5"}])
    lab.elb.create_listener(LoadBalancerArn=lb, Protocol="HTTP", Port=80,
                            DefaultActions=[{"Type": "forward", "TargetGroupArn": tg}], Tags=tags)

    # Step 4: service; steps 5-6: wait stable, scale to 4, all healthy
    lab.ecs.create_service(
        cluster=name, serviceName="web", taskDefinition=td, desiredCount=1, launchType="EC2",
        loadBalancers=[{"targetGroupArn": tg, "containerName": "web", "containerPort": 80}],
        healthCheckGracePeriodSeconds=30, clientToken=unique("svc"),
        deploymentConfiguration={"minimumHealthyPercent": 100, "maximumPercent": 200,
                                 "deploymentCircuitBreaker": {"enable": True, "rollback": True}},
        placementStrategy=[{"type": "spread", "field": "attribute:ecs.availability-zone"},
                           {"type": "binpack", "field": "memory"}],
        propagateTags="SERVICE", enableECSManagedTags=True, tags=[{"key": "ecslab:lab", "value": name}])
    stable = lab.ecs.get_waiter("services_stable")
    stable.wait(cluster=name, services=["web"], WaiterConfig={"Delay": 1, "MaxAttempts": 30})
    lab.ecs.update_service(cluster=name, service="web", desiredCount=4)
    # DescribeServices may still say 1 (consistency.py): the waiter would call the old count stable
    wait_for(lambda: lab.describe_service(name, "web")["desiredCount"] == 4, what="desired 4 visible")
    stable.wait(cluster=name, services=["web"], WaiterConfig={"Delay": 1, "MaxAttempts": 30})
    arns = lab.ecs.list_tasks(cluster=name, serviceName="web", desiredStatus="RUNNING")["taskArns"]
    targets = [{"Id": instance, "Port": t["containers"][0]["networkBindings"][0]["hostPort"]}
               for t in lab.ecs.describe_tasks(cluster=name, tasks=arns)["tasks"]]
    assert len(targets) == 4
    lab.elb.get_waiter("target_in_service").wait(TargetGroupArn=tg, Targets=targets,
                                                 WaiterConfig={"Delay": 1, "MaxAttempts": 20})

    # Step 7: cleanup in dependency order
    lab.ecs.delete_service(cluster=name, service="web", force=True)
    lab.ecs.get_waiter("services_inactive").wait(cluster=name, services=["web"],
                                                  WaiterConfig={"Delay": 1, "MaxAttempts": 30})
    lab.elb.delete_load_balancer(LoadBalancerArn=lb)
    lab.elb.get_waiter("load_balancers_deleted").wait(LoadBalancerArns=[lb], WaiterConfig={"Delay": 1})
    lab.elb.delete_target_group(TargetGroupArn=tg)
    lab.ec2.terminate_instances(InstanceIds=[instance])
    lab.ec2.get_waiter("instance_terminated").wait(InstanceIds=[instance], WaiterConfig={"Delay": 1, "MaxAttempts": 20})
    wait_for(lambda: lab.ecs.delete_cluster(cluster=name)["cluster"]["status"] == "INACTIVE"
             if not lab.ecs.list_container_instances(cluster=name, status="ACTIVE")["containerInstanceArns"] else None,
             what="cluster deletable")
    lab.ec2.delete_security_group(GroupId=inst_sg)
    # as on AWS, the ALB's network interfaces outlive it for a while
    retrying(lambda: lab.ec2.delete_security_group(GroupId=alb_sg), "DependencyViolation", seconds=30)
    lab.ecs.deregister_task_definition(taskDefinition=td)
    lab.logs.delete_log_group(logGroupName=f"/ecs/{name}")
    lab.iam.remove_role_from_instance_profile(InstanceProfileName=f"{name}-profile", RoleName=f"{name}-role")
    lab.iam.delete_instance_profile(InstanceProfileName=f"{name}-profile")
    lab.iam.detach_role_policy(RoleName=f"{name}-role", PolicyArn=MANAGED_POLICY)
    lab.iam.delete_role(RoleName=f"{name}-role")

    assert cluster["status"] == "ACTIVE"
    assert lab.ecs.describe_clusters(clusters=[name])["clusters"][0]["status"] == "INACTIVE"
