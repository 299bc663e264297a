package dev.ecslab.aws;

import dev.ecslab.aws.Ec2Gateway.IngressRule;
import dev.ecslab.aws.Ec2Gateway.InstanceInfo;
import dev.ecslab.aws.Ec2Gateway.InstanceSpec;
import dev.ecslab.aws.Ec2Gateway.Network;
import dev.ecslab.aws.Ec2Gateway.SecurityGroupInfo;
import dev.ecslab.aws.Ec2Gateway.Subnet;
import dev.ecslab.testing.Emulator;
import dev.ecslab.testing.Eventually;
import dev.ecslab.testing.TestClients;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceAttributeName;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Tag;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Ec2GatewayIT {
    @RegisterExtension
    static final Emulator EMULATOR = new Emulator();

    private static final Budget QUICK = new Budget("quick", Duration.ofSeconds(20), Duration.ofMillis(200));
    private static final String USER_DATA = "#!/bin/bash\necho ECS_CLUSTER=nowhere >> /etc/ecs/ecs.config\n";

    private static String imageId;
    private static String profileName;

    private final WireRecorder wire = new WireRecorder();
    private final Ec2Gateway ec2 = new SdkEc2Gateway(() -> Ec2Client.builder().endpointOverride(EMULATOR.endpoint())
            .region(TestClients.REGION).credentialsProvider(TestClients.CREDENTIALS)
            .overrideConfiguration(o -> o.addExecutionInterceptor(wire)).build());
    private final Ec2Client check = EMULATOR.clients().ec2();
    private final String lab = EmulatorGateways.uniqueLab();
    private final Names names = new Names(lab);

    @BeforeAll
    static void instanceProfileAndImage() {
        imageId = EMULATOR.clients().ssm().getParameter(r -> r.name(SsmGateway.ECS_AMI_X86)).parameter().value();
        profileName = "ec2-it-profile";
        EMULATOR.clients().iam().createInstanceProfile(r -> r.instanceProfileName(profileName));
        // A profile without a role is refused by RunInstances ("has no associated IAM Roles"), as on AWS.
        EMULATOR.clients().iam().createRole(r -> r.roleName("ec2-it-role").assumeRolePolicyDocument(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":"
                        + "\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"));
        EMULATOR.clients().iam().addRoleToInstanceProfile(r -> r.instanceProfileName(profileName)
                .roleName("ec2-it-role"));
        // Once EC2 accepts the profile (after IAM's propagation window), each test starts from a usable one.
        Ec2Gateway gateway = new SdkEc2Gateway(() -> EMULATOR.clients().ec2());
        String subnet = gateway.findDefaultNetwork().orElseThrow().subnets().get(0).id();
        String warmUp = gateway.runInstance(new InstanceSpec(imageId, "t3.micro", subnet, List.of(), profileName,
                USER_DATA, Map.of(Tags.NAME, "warm-up"), "warm-up"), QUICK, WaitListener.NONE).id();
        gateway.terminateInstance(warmUp, QUICK, WaitListener.NONE);
    }

    @Test
    void the_default_network_is_the_default_vpc_with_its_default_subnets_by_zone() {
        Network network = ec2.findDefaultNetwork().orElseThrow();
        assertTrue(check.describeVpcs(r -> r.vpcIds(network.vpcId())).vpcs().get(0).isDefault());
        List<String> expected = check.describeSubnets(r -> r.filters(filter("vpc-id", network.vpcId()),
                filter("default-for-az", "true"))).subnets().stream().map(s -> s.subnetId()).sorted()
                .collect(Collectors.toList());
        assertEquals(expected, network.subnets().stream().map(Subnet::id).sorted().collect(Collectors.toList()));
        List<String> zones = network.subnets().stream().map(Subnet::availabilityZone).collect(Collectors.toList());
        assertEquals(zones.stream().sorted().collect(Collectors.toList()), zones);
        assertTrue(zones.stream().distinct().count() >= 2, zones.toString());
    }

    @Test
    void a_security_group_is_tagged_at_creation_and_found_by_name_and_by_lab() {
        String vpc = defaultVpc();
        Map<String, String> tags = Tags.of(lab, "run-1", names.albSecurityGroup());
        SecurityGroupInfo created = ec2.createSecurityGroup(names.albSecurityGroup(), "ecslab it", vpc, tags);

        SecurityGroup seen = group(created.id());
        assertEquals(names.albSecurityGroup(), seen.groupName());
        assertEquals(tags, tagMap(seen.tags()));
        assertEquals(created.id(), ec2.findSecurityGroup(vpc, names.albSecurityGroup()).orElseThrow().id());
        assertTrue(ec2.findSecurityGroup(vpc, names.instanceSecurityGroup()).isEmpty());
        // Tagging is atomic with creation: no untagged create call followed by CreateTags.
        assertTrue(wire.sent("CreateTags").isEmpty());

        String other = ec2.createSecurityGroup(EmulatorGateways.uniqueLab(), "another lab", vpc,
                Tags.of("another-" + lab, "run-1", null)).id();
        List<String> byLab = ec2.listSecurityGroupsByLab(lab).stream().map(SecurityGroupInfo::id)
                .collect(Collectors.toList());
        assertEquals(List.of(created.id()), byLab);
        assertFalse(byLab.contains(other));
    }

    @Test
    void ingress_rules_from_a_cidr_and_from_a_group_are_added_once() {
        String vpc = defaultVpc();
        String alb = ec2.createSecurityGroup(names.albSecurityGroup(), "alb", vpc, Tags.of(lab, "r", null)).id();
        String instance = ec2.createSecurityGroup(names.instanceSecurityGroup(), "instance", vpc,
                Tags.of(lab, "r", null)).id();

        ec2.authorizeIngress(alb, IngressRule.fromCidr(80, "0.0.0.0/0"), QUICK, WaitListener.NONE);
        ec2.authorizeIngress(alb, IngressRule.fromCidr(80, "0.0.0.0/0"), QUICK, WaitListener.NONE);
        ec2.authorizeIngress(instance, IngressRule.fromGroup(32768, 65535, alb), QUICK, WaitListener.NONE);
        ec2.authorizeIngress(instance, IngressRule.fromGroup(32768, 65535, alb), QUICK, WaitListener.NONE);

        List<IpPermission> albRules = group(alb).ipPermissions();
        assertEquals(1, albRules.size());
        assertEquals(80, albRules.get(0).fromPort());
        assertEquals("0.0.0.0/0", albRules.get(0).ipRanges().get(0).cidrIp());
        List<IpPermission> instanceRules = group(instance).ipPermissions();
        assertEquals(1, instanceRules.size());
        assertEquals(32768, instanceRules.get(0).fromPort());
        assertEquals(65535, instanceRules.get(0).toPort());
        assertEquals(alb, instanceRules.get(0).userIdGroupPairs().get(0).groupId());
        assertTrue(instanceRules.get(0).ipRanges().isEmpty());
    }

    @Test
    void deleting_a_security_group_twice_is_fine_but_not_while_in_use() {
        String vpc = defaultVpc();
        String alb = ec2.createSecurityGroup(names.albSecurityGroup(), "alb", vpc, Tags.of(lab, "r", null)).id();
        String instance = ec2.createSecurityGroup(names.instanceSecurityGroup(), "instance", vpc,
                Tags.of(lab, "r", null)).id();
        ec2.authorizeIngress(instance, IngressRule.fromGroup(32768, 65535, alb), QUICK, WaitListener.NONE);

        AwsCallException inUse = assertThrows(AwsCallException.class, () -> ec2.deleteSecurityGroup(alb));
        assertEquals("DependencyViolation", inUse.errorCode());

        ec2.deleteSecurityGroup(instance);
        ec2.deleteSecurityGroup(instance);
        ec2.deleteSecurityGroup(alb);
        assertTrue(check.describeSecurityGroups(r -> r.filters(filter("group-id", alb, instance)))
                .securityGroups().isEmpty());
    }

    @Test
    void instance_types_are_described_or_absent() {
        Ec2Gateway.InstanceTypeInfo micro = ec2.findInstanceType("t3.micro").orElseThrow();
        assertEquals(2, micro.vcpus());
        assertEquals(1024, micro.memoryMiB());
        assertTrue(micro.architectures().contains("x86_64"), micro.architectures().toString());
        assertTrue(ec2.findInstanceType("t3.bogus").isEmpty());
    }

    @Test
    void an_instance_runs_with_imdsv2_base64_user_data_tags_everywhere_and_standard_credits() {
        Network network = ec2.findDefaultNetwork().orElseThrow();
        String sg = ec2.createSecurityGroup(names.instanceSecurityGroup(), "i", network.vpcId(),
                Tags.of(lab, "r", null)).id();
        Map<String, String> tags = Tags.of(lab, "run-7", names.instance());
        String token = UUID.randomUUID().toString();

        InstanceInfo run = ec2.runInstance(new InstanceSpec(imageId, "t3.micro", network.subnets().get(0).id(),
                List.of(sg), profileName, USER_DATA, tags, token), QUICK, WaitListener.NONE);

        Instance seen = instance(run.id());
        assertEquals("t3.micro", seen.instanceTypeAsString());
        assertEquals(imageId, seen.imageId());
        assertEquals(network.subnets().get(0).id(), seen.subnetId());
        assertEquals(List.of(sg), seen.securityGroups().stream().map(g -> g.groupId()).collect(Collectors.toList()));
        assertEquals(List.of(sg), seen.networkInterfaces().get(0).groups().stream().map(g -> g.groupId())
                .collect(Collectors.toList()));
        assertTrue(seen.publicIpAddress() != null, "a public IPv4 address was asked for");
        assertTrue(seen.iamInstanceProfile().arn().endsWith("/" + profileName), seen.iamInstanceProfile().arn());
        assertEquals("required", seen.metadataOptions().httpTokensAsString());
        assertEquals("enabled", seen.metadataOptions().httpEndpointAsString());
        assertEquals(1, seen.metadataOptions().httpPutResponseHopLimit(), "bridge containers cannot reach IMDS");
        assertEquals(token, seen.clientToken());
        assertEquals(tags, tagMap(seen.tags()));
        String userData = check.describeInstanceAttribute(r -> r.instanceId(run.id())
                .attribute(InstanceAttributeName.USER_DATA)).userData().value();
        assertEquals(USER_DATA, new String(Base64.getDecoder().decode(userData), StandardCharsets.UTF_8));
        String volume = seen.blockDeviceMappings().get(0).ebs().volumeId();
        assertEquals(tags, tagMap(check.describeVolumes(r -> r.volumeIds(volume)).volumes().get(0).tags()));
        // moto drops network-interface tag specifications, so for the ENI check what was sent.
        String body = wire.sent("RunInstances").get(0).body();
        assertTrue(body.contains("TagSpecification.3.ResourceType=network-interface"
                + "&TagSpecification.3.Tag.1.Key=ecslab%3Alab&TagSpecification.3.Tag.1.Value=" + lab), body);
        assertTrue(body.contains("CreditSpecification.CpuCredits=standard"), body);
        assertTrue(body.contains("NetworkInterface.1.AssociatePublicIpAddress=true"), body);
        assertTrue(body.contains("MinCount=1") && body.contains("MaxCount=1"), body);
    }

    @Test
    void running_again_with_the_same_client_token_returns_the_same_instance() {
        Network network = ec2.findDefaultNetwork().orElseThrow();
        InstanceSpec spec = new InstanceSpec(imageId, "t3.micro", network.subnets().get(0).id(), List.of(),
                profileName, USER_DATA, Tags.of(lab, "r", names.instance()), UUID.randomUUID().toString());
        String first = ec2.runInstance(spec, QUICK, WaitListener.NONE).id();
        assertEquals(first, ec2.runInstance(spec, QUICK, WaitListener.NONE).id());
        // A filtered describe leaves out an instance EC2 does not show yet: look until it does.
        int found = new Poller().poll(QUICK, WaitListener.NONE, () -> {
            int n = check.describeInstances(r -> r.filters(filter("client-token", spec.clientToken())))
                    .reservations().stream().mapToInt(res -> res.instances().size()).sum();
            return n == 0 ? Poll.pending("not visible yet") : Poll.done(n, "visible");
        });
        assertEquals(1, found);
    }

    @Test
    void credit_mode_is_only_sent_for_burstable_families() {
        Network network = ec2.findDefaultNetwork().orElseThrow();
        ec2.runInstance(new InstanceSpec(imageId, "m5.large", network.subnets().get(0).id(), List.of(),
                profileName, USER_DATA, Tags.of(lab, "r", null), UUID.randomUUID().toString()), QUICK,
                WaitListener.NONE);
        String body = wire.sent("RunInstances").get(0).body();
        assertFalse(body.contains("CreditSpecification"), body);
    }

    @Test
    void a_refusal_other_than_iam_propagation_is_not_retried() {
        Network network = ec2.findDefaultNetwork().orElseThrow();
        AwsCallException e = assertThrows(AwsCallException.class, () -> ec2.runInstance(new InstanceSpec(imageId,
                "t3.bogus", network.subnets().get(0).id(), List.of(), profileName, USER_DATA,
                Tags.of(lab, "r", names.instance()), UUID.randomUUID().toString()),
                QUICK.withInterval(Duration.ofSeconds(5)), WaitListener.NONE));
        // moto refuses the unknown type with its own code (AWS: InvalidParameterValue naming instanceType).
        assertTrue(e.getMessage().startsWith("run instance " + names.instance() + ": "), e.getMessage());
        assertEquals(1, wire.sent("RunInstances").size());
    }

    @Test
    void instances_are_listed_by_lab_until_terminated_and_terminating_twice_is_fine() {
        Network network = ec2.findDefaultNetwork().orElseThrow();
        InstanceInfo run = ec2.runInstance(new InstanceSpec(imageId, "t3.micro", network.subnets().get(0).id(),
                List.of(), profileName, USER_DATA, Tags.of(lab, "r", names.instance()),
                UUID.randomUUID().toString()), QUICK, WaitListener.NONE);
        assertEquals("running", ec2.waitUntilRunning(run.id(), QUICK, WaitListener.NONE).state());
        assertEquals(List.of(run.id()), ec2.listInstancesByLab(lab).stream().map(InstanceInfo::id)
                .collect(Collectors.toList()));

        ec2.terminateInstance(run.id(), QUICK, WaitListener.NONE);
        ec2.waitUntilTerminated(run.id(), QUICK, WaitListener.NONE);
        assertEquals("terminated", instance(run.id()).state().nameAsString());
        assertTrue(ec2.listInstancesByLab(lab).isEmpty());
        ec2.terminateInstance(run.id(), QUICK, WaitListener.NONE);
    }

    @Test
    void an_instance_ec2_does_not_show_is_never_taken_for_terminated() {
        // An id EC2 never shows: "not found" is "not visible yet" until the budget runs out, then a failure.
        String unknown = "i-0123456789abcdef0";
        Budget short_ = new Budget("instance visible", Duration.ofMillis(600), Duration.ofMillis(200));
        assertThrows(WaitFailedException.class, () -> ec2.terminateInstance(unknown, short_, WaitListener.NONE));
        assertThrows(WaitFailedException.class, () -> ec2.waitUntilTerminated(unknown, short_, WaitListener.NONE));
        assertTrue(ec2.findInstance(unknown).isEmpty());
    }

    @Test
    void an_instance_terminated_right_after_launch_is_waited_for_until_terminated() {
        Network network = ec2.findDefaultNetwork().orElseThrow();
        InstanceInfo run = ec2.runInstance(new InstanceSpec(imageId, "t3.micro", network.subnets().get(0).id(),
                List.of(), profileName, USER_DATA, Tags.of(lab, "r", names.instance()),
                UUID.randomUUID().toString()), QUICK, WaitListener.NONE);
        // At once, while EC2 may still answer InvalidInstanceID.NotFound for the new id.
        ec2.terminateInstance(run.id(), QUICK, WaitListener.NONE);
        ec2.waitUntilTerminated(run.id(), QUICK, WaitListener.NONE);
        assertEquals("terminated", instance(run.id()).state().nameAsString());
    }

    @Test
    void ingress_into_a_group_created_a_moment_ago_is_added() {
        String vpc = defaultVpc();
        String alb = ec2.createSecurityGroup(names.albSecurityGroup(), "alb", vpc, Tags.of(lab, "r", null)).id();
        // At once: EC2 (and the strict emulator) may not know the group yet and answer InvalidGroup.NotFound.
        ec2.authorizeIngress(alb, IngressRule.fromCidr(80, "0.0.0.0/0"), QUICK, WaitListener.NONE);
        assertEquals(1, group(alb).ipPermissions().size());
    }

    @Test
    void zones_offering_an_instance_type_leave_out_those_that_do_not() {
        java.util.Set<String> zones = ec2.zonesOffering("t3.micro");
        assertTrue(zones.contains("us-east-1a"), zones.toString());
        assertFalse(zones.contains("us-east-1e"), zones.toString());
        List<String> fromAws = check.describeInstanceTypeOfferings(r -> r.locationType("availability-zone")
                .filters(filter("instance-type", "t3.micro"))).instanceTypeOfferings().stream()
                .map(o -> o.location()).sorted().collect(Collectors.toList());
        assertEquals(fromAws, List.copyOf(zones));
    }

    private String defaultVpc() {
        return check.describeVpcs(r -> r.filters(filter("isDefault", "true"))).vpcs().get(0).vpcId();
    }

    private SecurityGroup group(String id) {
        return Eventually.visible(() -> check.describeSecurityGroups(r -> r.groupIds(id)).securityGroups().get(0));
    }

    private Instance instance(String id) {
        return Eventually.visible(() -> check.describeInstances(r -> r.instanceIds(id)).reservations().get(0)
                .instances().get(0));
    }

    private static Filter filter(String name, String... values) {
        return Filter.builder().name(name).values(values).build();
    }

    private static Map<String, String> tagMap(List<Tag> tags) {
        return tags.stream().collect(Collectors.toMap(Tag::key, Tag::value));
    }
}
