#!/usr/bin/env bash
# The ECS lab "{{lab}}" with the AWS CLI alone: the resources, names, tags and settings that `{{up}}` makes,
# step by step, as a person following AWS's ECS guides would make them. Written by `{{script}}`.
#
# Usage: bash {{file}} [all | up | verify | cleanup]
#   all      (the default) the seven steps: build, confirm, scale to {{count}} tasks, clean up
#   up       steps 1-6, leaving the lab running (on AWS it costs money while it runs: clean it up)
#   verify   step 5 again: the cluster, the service, its targets' health and nginx's page through the load balancer
#   cleanup  step 7: finds each resource by its name and its ecslab:lab tag, and deletes it
# Needs: the AWS CLI (v1 or v2) with credentials that may make these calls (ecslab's example policy is enough: its
# docs/iam.md), curl, and bash 4. Region {{region}} (for another, write the script again with --region). On AWS, ecslab builds the lab in
# about {{aws_time}}, some steps side by side; this script, one step after the other, takes a few minutes more. Every
# wait has a limit, and says what it waited for when it gives up.
set -euo pipefail

export AWS_REGION={{region}} AWS_DEFAULT_REGION={{region}} AWS_PAGER=""
LAB={{lab}}
POLL="${POLL:-5}" # seconds between looks where the AWS CLI has no waiter
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work" # the files the commands read (file://...) are written here

say() { echo "== $*" >&2; }

# wait_until SECONDS WHAT COMMAND...: run COMMAND every $POLL seconds until it succeeds; give up after SECONDS.
wait_until() {
  local limit="$1" what="$2" deadline=$((SECONDS + $1))
  shift 2
  until "$@"; do
    if ((SECONDS >= deadline)); then
      echo "gave up waiting for $what after ${limit}s" >&2
      return 1
    fi
    sleep "$POLL"
  done
}

# The lab's tags on everything it makes: ecslab:lab says whose it is (cleanup deletes nothing without it), Name
# what it is called. ecslab:run says which run made it: this script's.
RUN="script"

# ---------------------------------------------------------------------------------------------------------------------
# Step 1: the network, and the cluster with one EC2 container instance
# ---------------------------------------------------------------------------------------------------------------------
{{about_network}}
#
{{about_cluster}}
network() {
  say "step 1: the default VPC, two subnets, two security groups"
  VPC_ID=$(aws ec2 describe-vpcs --filters Name=is-default,Values=true --query 'Vpcs[0].VpcId' --output text)
  [[ "$VPC_ID" == vpc-* ]] || { echo "find default VPC: $AWS_REGION has none; create one with" \
    "'aws ec2 create-default-vpc'" >&2; exit 1; }
  # The load balancer needs subnets in two zones, and the instance a zone that offers its type.
  zones=$(aws ec2 describe-instance-type-offerings --location-type availability-zone \
    --filters Name=instance-type,Values={{instance_type}} --query 'InstanceTypeOfferings[].Location' --output text)
  read -r SUBNET_1 SUBNET_2 _ <<< "$(aws ec2 describe-subnets \
    --filters "Name=vpc-id,Values=$VPC_ID" Name=default-for-az,Values=true \
    "Name=availability-zone,Values=$(tr '\t' , <<< "$zones")" \
    --query 'sort_by(Subnets, &AvailabilityZone)[].SubnetId' --output text)"
  [[ "${SUBNET_2:-}" == subnet-* ]] || { echo "find subnets: the default VPC needs default subnets in two zones" \
    "that offer {{instance_type}}" >&2; exit 1; }

  ALB_SG=$(aws ec2 create-security-group --group-name {{alb_sg}} --description 'ecslab {{lab}}: load balancer' \
    --vpc-id "$VPC_ID" --query GroupId --output text --tag-specifications \
    "ResourceType=security-group,Tags=[{{ec2_tags_alb_sg}}]")
  aws ec2 authorize-security-group-ingress --group-id "$ALB_SG" \
    --ip-permissions 'IpProtocol=tcp,FromPort={{alb_port}},ToPort={{alb_port}},IpRanges=[{CidrIp=0.0.0.0/0}]' > /dev/null
  INSTANCE_SG=$(aws ec2 create-security-group --group-name {{instance_sg}} \
    --description 'ecslab {{lab}}: container instance' --vpc-id "$VPC_ID" --query GroupId --output text \
    --tag-specifications \
    "ResourceType=security-group,Tags=[{{ec2_tags_instance_sg}}]")
  aws ec2 authorize-security-group-ingress --group-id "$INSTANCE_SG" \
    --ip-permissions "IpProtocol=tcp,FromPort={{ports_from}},ToPort={{ports_to}},UserIdGroupPairs=[{GroupId=$ALB_SG}]" \
    > /dev/null
  aws ec2 wait security-group-exists --group-ids "$ALB_SG" "$INSTANCE_SG"
}

cluster() {
  say "step 1: the instance role and profile, the cluster, the container instance"
  caller=$(aws sts get-caller-identity --query Arn --output text)
  partition=$(cut -d: -f2 <<< "$caller")
  account=$(cut -d: -f5 <<< "$caller")
  # ECS's service-linked role lets ECS manage the load balancer's targets; an account has it once.
  aws iam get-role --role-name AWSServiceRoleForECS > /dev/null 2>&1 ||
    aws iam create-service-linked-role --aws-service-name ecs.amazonaws.com > /dev/null

  # The role the ECS agent on the instance uses to call ECS (and to send the containers' logs).
  principal=ec2.amazonaws.com
  [[ "$partition" == aws-cn ]] && principal=ec2.amazonaws.com.cn
  cat > assume-role-policy-document.json <<EOF
{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"$principal"},"Action":"sts:AssumeRole"}]}
EOF
  # With the account's permissions boundary when an administrator made it (docs/iam.md).
  boundary=()
  boundary_arn="arn:$partition:iam::$account:policy{{iam_path}}{{boundary}}"
  if aws iam get-policy --policy-arn "$boundary_arn" > /dev/null 2>&1; then
    boundary=(--permissions-boundary "$boundary_arn")
  fi
  aws iam create-role --path {{iam_path}} --role-name {{instance_role}} \
    --assume-role-policy-document file://assume-role-policy-document.json \
    --description 'ecslab container instance role' "${boundary[@]}" \
    --tags {{iam_tags_instance_role}} > /dev/null
  aws iam attach-role-policy --role-name {{instance_role}} \
    --policy-arn "arn:$partition:iam::aws:policy/{{instance_policy}}"
  aws iam create-instance-profile --instance-profile-name {{instance_profile}} --path {{iam_path}} \
    --tags {{iam_tags_instance_profile}} > /dev/null
  aws iam add-role-to-instance-profile --instance-profile-name {{instance_profile}} \
    --role-name {{instance_role}}
  aws iam wait instance-profile-exists --instance-profile-name {{instance_profile}}

  aws ecs create-cluster --cluster-name {{cluster}} --settings name=containerInsights,value=disabled \
    --tags {{ecs_tags_cluster}} > /dev/null

  # The ECS-optimized Amazon Linux 2023 AMI, for the instance type's architecture; its agent reads the cluster's
  # name from /etc/ecs/ecs.config, which the user data writes.
{{ami}}
  cat > user-data.txt <<'USER_DATA'
{{user_data}}USER_DATA
  cat > tag-specifications.json <<EOF
{{instance_tag_specifications}}
EOF
  # A new instance profile takes a few seconds to reach EC2: RunInstances is tried again meanwhile, with one client
  # token, so a try whose answer was lost launches nothing more.
  token="ecslab-{{lab}}-$(date +%s)"
  # A public IPv4 address: the agent must reach ECS and the image registry.
  nic="DeviceIndex=0,SubnetId=$SUBNET_1,Groups=[$INSTANCE_SG],AssociatePublicIpAddress=true,DeleteOnTermination=true"
  launch() {
    INSTANCE_ID=$(aws ec2 run-instances --image-id "$AMI_ID" --instance-type {{instance_type}} --count 1 \
      --user-data file://user-data.txt --tag-specifications file://tag-specifications.json \
      --metadata-options HttpTokens=required,HttpPutResponseHopLimit=1,HttpEndpoint=enabled \
      --network-interfaces "$nic" --iam-instance-profile Name={{instance_profile}} \
      {{credit_specification}}--client-token "$token" --query 'Instances[0].InstanceId' --output text)
  }
  wait_until 120 "the new instance profile to reach EC2" launch
  aws ec2 wait instance-running --instance-ids "$INSTANCE_ID"
  # The AWS CLI has no waiter for an instance's agent registering it with the cluster: look until it shows.
  registered() {
    [[ $(aws ecs list-container-instances --cluster {{cluster}} --query 'length(containerInstanceArns)' \
      --output text) != 0 ]]
  }
  wait_until 600 "instance $INSTANCE_ID to register with cluster {{cluster}}" registered
}

# ---------------------------------------------------------------------------------------------------------------------
# Step 2: the task definition
# ---------------------------------------------------------------------------------------------------------------------
{{about_taskdef}}
taskdef() {
  say "step 2: the log group and the task definition"
  aws logs create-log-group --log-group-name {{log_group}} \
    --tags {{logs_tags_log_group}}
  aws logs put-retention-policy --log-group-name {{log_group}} --retention-in-days {{log_retention}}
  cat > container-definitions.json <<'EOF'
{{container_definitions}}
EOF
  TASK_DEFINITION=$(aws ecs register-task-definition --family {{family}} --network-mode bridge \
    --container-definitions file://container-definitions.json --requires-compatibilities EC2 \
    --query taskDefinition.taskDefinitionArn --output text \
    --tags {{ecs_tags_family}})
}

# ---------------------------------------------------------------------------------------------------------------------
# Step 3: the application load balancer, its target group and listener
# ---------------------------------------------------------------------------------------------------------------------
{{about_elb}}
elb() {
  say "step 3: the load balancer, the target group, the listener"
  LB_ARN=$(aws elbv2 create-load-balancer --name {{load_balancer}} --subnets "$SUBNET_1" "$SUBNET_2" \
    --security-groups "$ALB_SG" --scheme internet-facing --type application --ip-address-type ipv4 \
    --query 'LoadBalancers[0].LoadBalancerArn' --output text \
    --tags {{elb_tags_load_balancer}})
  # Health checked every {{hc_interval}} s, healthy after {{hc_healthy}}: a task takes traffic in about 10 s.
  TG_ARN=$(aws elbv2 create-target-group --name {{target_group}} --protocol HTTP --port {{alb_port}} \
    --vpc-id "$VPC_ID" --health-check-protocol HTTP --health-check-port traffic-port --health-check-path {{hc_path}} \
    --health-check-interval-seconds {{hc_interval}} --health-check-timeout-seconds {{hc_timeout}} \
    --healthy-threshold-count {{hc_healthy}} --unhealthy-threshold-count {{hc_unhealthy}} --matcher HttpCode=200 \
    --target-type instance --query 'TargetGroups[0].TargetGroupArn' --output text \
    --tags {{elb_tags_target_group}})
  # A stopped task's target drains for {{deregistration_delay}} s rather than the default 300.
  aws elbv2 modify-target-group-attributes --target-group-arn "$TG_ARN" \
    --attributes Key=deregistration_delay.timeout_seconds,Value={{deregistration_delay}} > /dev/null
  aws elbv2 create-listener --load-balancer-arn "$LB_ARN" --protocol HTTP --port {{alb_port}} \
    --default-actions "Type=forward,TargetGroupArn=$TG_ARN" \
    --tags {{elb_tags_listener}} > /dev/null
  aws elbv2 wait load-balancer-available --load-balancer-arns "$LB_ARN"
}

# ---------------------------------------------------------------------------------------------------------------------
# Step 4: the service behind the load balancer
# ---------------------------------------------------------------------------------------------------------------------
{{about_service}}
service() {
  say "step 4: the service, {{initial_count}} task to start with"
  aws ecs create-service --cluster {{cluster}} --service-name {{service}} --task-definition "$TASK_DEFINITION" \
    --load-balancers "targetGroupArn=$TG_ARN,containerName={{container}},containerPort={{container_port}}" \
    --desired-count {{initial_count}} --launch-type EC2 \
    --deployment-configuration \
    'deploymentCircuitBreaker={enable=true,rollback=true},maximumPercent=200,minimumHealthyPercent=100' \
    --placement-strategy type=spread,field=attribute:ecs.availability-zone type=binpack,field=memory \
    --health-check-grace-period-seconds {{grace_seconds}} --enable-ecs-managed-tags --propagate-tags SERVICE \
    --tags {{ecs_tags_service}} > /dev/null
  aws ecs wait services-stable --cluster {{cluster}} --services {{service}}
  aws elbv2 wait target-in-service --target-group-arn "$TG_ARN"
}

# ---------------------------------------------------------------------------------------------------------------------
# Step 5: confirm that it works
# ---------------------------------------------------------------------------------------------------------------------
{{about_verify}}
verify() {
  say "step 5: confirm"
  aws ecs describe-clusters --clusters {{cluster}} \
    --query 'clusters[0].[clusterName,status,registeredContainerInstancesCount]' --output text
  aws ecs describe-services --cluster {{cluster}} --services {{service}} \
    --query 'services[0].[serviceName,status,runningCount,desiredCount]' --output text
  tg=$(aws elbv2 describe-target-groups --names {{target_group}} --query 'TargetGroups[0].TargetGroupArn' --output text)
  health=$(aws elbv2 describe-target-health --target-group-arn "$tg" \
    --query 'TargetHealthDescriptions[].TargetHealth.State' --output text)
  echo "targets: $health"
  if [[ -z "$health" ]] || tr '\t' '\n' <<< "$health" | grep -qvx healthy; then
    echo "verify targets: not all healthy ($health)" >&2
    exit 1
  fi
  dns=$(aws elbv2 describe-load-balancers --names {{load_balancer}} --query 'LoadBalancers[0].DNSName' --output text)
  # On a local AWS (AWS_ENDPOINT_URL on this machine, as LocalStack or ecslab's own) the name resolves nowhere and
  # the listener answers at the endpoint, given the name as Host; on AWS a new name can take a minute to resolve.
  page() {
    case "${AWS_ENDPOINT_URL:-}" in
      http://localhost:* | http://127.0.0.1:*) curl -fsS --max-time 10 -H "Host: $dns" "$AWS_ENDPOINT_URL/" ;;
      *) curl -fsS --max-time 10 "http://$dns/" ;;
    esac | grep -q 'Welcome to nginx!'
  }
  wait_until 300 "nginx's page at http://$dns/" page
  echo "http://$dns/ answers with nginx's page"
}

# ---------------------------------------------------------------------------------------------------------------------
# Step 6: scale the service to {{count}} tasks
# ---------------------------------------------------------------------------------------------------------------------
{{about_scale}}
scale() {
  say "step 6: scale to {{count}} tasks"
  aws ecs update-service --cluster {{cluster}} --service {{service}} --desired-count {{count}} > /dev/null
  aws ecs wait services-stable --cluster {{cluster}} --services {{service}}
  aws elbv2 wait target-in-service --target-group-arn "$TG_ARN"
}

# ---------------------------------------------------------------------------------------------------------------------
# Step 7: clean up
# ---------------------------------------------------------------------------------------------------------------------
{{about_cleanup}}
ours() { # TAG-VALUE: true when the ecslab:lab tag's value names this lab (nothing else is deleted)
  [[ "$1" == "$LAB" ]]
}
cleanup() {
  say "step 7: clean up"
  local status lb tg sgs instances arns group_arn
  status=$(aws ecs describe-services --cluster {{cluster}} --services {{service}} \
    --query 'services[0].[status,serviceArn]' --output text 2> /dev/null || true)
  if [[ "$status" == ACTIVE* ]] && ours "$(aws ecs list-tags-for-resource --resource-arn "${status#*$'\t'}" \
    --query "tags[?key=='ecslab:lab'].value" --output text)"; then
    aws ecs delete-service --cluster {{cluster}} --service {{service}} --force > /dev/null
    status=DRAINING
  fi
  if [[ "$status" == DRAINING* ]]; then # its tasks stop, and leave the target group
    aws ecs wait services-inactive --cluster {{cluster}} --services {{service}}
  fi
  lb=$(aws elbv2 describe-load-balancers --names {{load_balancer}} --query 'LoadBalancers[0].LoadBalancerArn' \
    --output text 2> /dev/null || true)
  if [[ "$lb" == arn:* ]] && ours "$(aws elbv2 describe-tags --resource-arns "$lb" \
    --query "TagDescriptions[0].Tags[?Key=='ecslab:lab'].Value" --output text)"; then
    aws elbv2 delete-load-balancer --load-balancer-arn "$lb" # its listener goes with it
    aws elbv2 wait load-balancers-deleted --load-balancer-arns "$lb"
  fi
  tg=$(aws elbv2 describe-target-groups --names {{target_group}} --query 'TargetGroups[0].TargetGroupArn' \
    --output text 2> /dev/null || true)
  if [[ "$tg" == arn:* ]] && ours "$(aws elbv2 describe-tags --resource-arns "$tg" \
    --query "TagDescriptions[0].Tags[?Key=='ecslab:lab'].Value" --output text)"; then
    aws elbv2 delete-target-group --target-group-arn "$tg"
  fi
  instances=$(aws ec2 describe-instances \
    --filters "Name=tag:ecslab:lab,Values=$LAB" Name=tag:Name,Values={{instance}} \
    Name=instance-state-name,Values=pending,running,stopping,stopped \
    --query 'Reservations[].Instances[].InstanceId' --output text)
  if [[ -n "$instances" ]]; then
    # shellcheck disable=SC2086 # one word per instance id
    aws ec2 terminate-instances --instance-ids $instances > /dev/null
    # shellcheck disable=SC2086
    aws ec2 wait instance-terminated --instance-ids $instances
  fi
  # A task definition's revisions are deregistered (INACTIVE), then deleted.
  arns=$(aws ecs list-task-definitions --family-prefix {{family}} --query taskDefinitionArns --output text)
  for arn in $arns; do
    if ours "$(aws ecs list-tags-for-resource --resource-arn "$arn" \
      --query "tags[?key=='ecslab:lab'].value" --output text)"; then
      aws ecs deregister-task-definition --task-definition "$arn" > /dev/null
      aws ecs delete-task-definitions --task-definitions "$arn" > /dev/null
    fi
  done
  if aws ecs describe-clusters --clusters {{cluster}} --query 'clusters[0].status' --output text | grep -qx ACTIVE &&
    ours "$(aws ecs list-tags-for-resource --resource-arn "$(aws ecs describe-clusters --clusters {{cluster}} \
      --query 'clusters[0].clusterArn' --output text)" --query "tags[?key=='ecslab:lab'].value" --output text)"; then
    aws ecs delete-cluster --cluster {{cluster}} > /dev/null
  fi
  group_arn=$(aws logs describe-log-groups --log-group-name-prefix {{log_group}} \
    --query "logGroups[?logGroupName=='{{log_group}}'].arn | [0]" --output text)
  if [[ "$group_arn" == arn:* ]] && ours "$(aws logs list-tags-for-resource --resource-arn "${group_arn%:\*}" \
    --query 'tags."ecslab:lab"' --output text)"; then
    aws logs delete-log-group --log-group-name {{log_group}}
  fi
  # The instance's group once the instance is gone; the load balancer's once AWS has removed the load balancer's
  # network interfaces, which can take a few minutes after it is deleted.
  for group in {{instance_sg}} {{alb_sg}}; do
    sgs=$(aws ec2 describe-security-groups --filters "Name=group-name,Values=$group" \
      "Name=tag:ecslab:lab,Values=$LAB" --query 'SecurityGroups[].GroupId' --output text)
    for sg in $sgs; do
      wait_until 600 "security group $sg to be free to delete" \
        aws ec2 delete-security-group --group-id "$sg"
    done
  done
  if aws iam get-instance-profile --instance-profile-name {{instance_profile}} > /dev/null 2>&1 &&
    ours "$(aws iam get-instance-profile --instance-profile-name {{instance_profile}} \
      --query "InstanceProfile.Tags[?Key=='ecslab:lab'].Value" --output text)"; then
    for role in $(aws iam get-instance-profile --instance-profile-name {{instance_profile}} \
      --query 'InstanceProfile.Roles[].RoleName' --output text); do
      aws iam remove-role-from-instance-profile --instance-profile-name {{instance_profile}} --role-name "$role"
    done
    aws iam delete-instance-profile --instance-profile-name {{instance_profile}}
  fi
  if aws iam get-role --role-name {{instance_role}} > /dev/null 2>&1 &&
    ours "$(aws iam get-role --role-name {{instance_role}} --query "Role.Tags[?Key=='ecslab:lab'].Value" \
      --output text)"; then
    for policy in $(aws iam list-attached-role-policies --role-name {{instance_role}} \
      --query 'AttachedPolicies[].PolicyArn' --output text); do
      aws iam detach-role-policy --role-name {{instance_role}} --policy-arn "$policy"
    done
    aws iam delete-role --role-name {{instance_role}}
  fi
  say "lab {{lab}} cleaned up"
}

case "${1:-all}" in
  all) network; cluster; taskdef; elb; service; verify; scale; cleanup ;;
  up) network; cluster; taskdef; elb; service; verify; scale ;;
  verify) verify ;;
  cleanup) cleanup ;;
  *) echo "usage: bash $0 [all | up | verify | cleanup]" >&2; exit 2 ;;
esac
