package dev.ecslab.aws;

import dev.ecslab.testing.Emulator;
import dev.ecslab.testing.TestClients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.resourcegroupstaggingapi.ResourceGroupsTaggingApiClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TaggingGatewayIT {
    @RegisterExtension
    static final Emulator EMULATOR = new Emulator();

    private static final List<String> TYPES = List.of("ecs:cluster", "ec2:security-group");

    private final WireRecorder wire = new WireRecorder();
    private final TaggingGateway tagging = new SdkTaggingGateway(() -> ResourceGroupsTaggingApiClient.builder()
            .endpointOverride(EMULATOR.endpoint()).region(TestClients.REGION)
            .credentialsProvider(TestClients.CREDENTIALS)
            .overrideConfiguration(o -> o.addExecutionInterceptor(wire)).build());
    private final String lab = EmulatorGateways.uniqueLab();

    @Test
    void finds_the_labs_resources_of_the_asked_types_only() {
        String cluster = cluster(lab, "a");
        String group = securityGroup(lab);
        cluster(EmulatorGateways.uniqueLab(), "b");
        EMULATOR.clients().logs().createLogGroup(r -> r.logGroupName("/ecs/" + lab).tags(Map.of(Tags.LAB, lab)));

        List<String> found = new ArrayList<>(tagging.findArnsByTag(Tags.LAB, lab, TYPES));

        found.sort(null);
        List<String> expected = new ArrayList<>(List.of(cluster, "arn:aws:ec2:us-east-1:123456789012:security-group/"
                + group));
        expected.sort(null);
        assertEquals(expected, found);
    }

    @Test
    void finds_the_key_whatever_its_value_with_every_tag() {
        String other = EmulatorGateways.uniqueLab();
        String a = cluster(lab, "k");
        String b = cluster(other, "k");
        String unrelated = EMULATOR.clients().ecs().createCluster(r -> r.clusterName("ecslab-" + lab + "-x")
                .tags(Tag.builder().key(Tags.LAB + "x").value(lab).build())).cluster().clusterArn();

        Map<String, Map<String, String>> found = new java.util.HashMap<>();
        tagging.findTagged(Tags.LAB, List.of("ecs:cluster")).forEach(t -> found.put(t.arn(), t.tags()));

        assertEquals(Map.of(Tags.LAB, lab), found.get(a));
        assertEquals(Map.of(Tags.LAB, other), found.get(b));
        assertFalse(found.containsKey(unrelated), "another key is not the lab's tag");
    }

    @Test
    void pages_through_every_match() {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            expected.add(cluster(lab, "c" + i));
        }
        List<String> found = new ArrayList<>(tagging.findArnsByTag(Tags.LAB, lab, List.of("ecs:cluster")));
        found.sort(null);
        expected.sort(null);
        assertEquals(expected, found);
        assertTrue(wire.sent("GetResources").size() > 1, "one page only");
    }

    @Test
    void speaks_json_on_the_wire_not_cbor() {
        tagging.findArnsByTag(Tags.LAB, lab, TYPES);
        // moto has no CBOR; newer models list smithy-rpc-v2-cbor first for this API (docs/emulator.md).
        List<WireRecorder.Sent> sent = wire.sent("GetResources");
        assertFalse(sent.isEmpty());
        assertEquals("application/x-amz-json-1.1", sent.get(0).contentType());
    }

    private static String cluster(String lab, String suffix) {
        return EMULATOR.clients().ecs().createCluster(r -> r.clusterName("ecslab-" + lab + "-" + suffix)
                .tags(Tag.builder().key(Tags.LAB).value(lab).build())).cluster().clusterArn();
    }

    private static String securityGroup(String lab) {
        return EMULATOR.clients().ec2().createSecurityGroup(r -> r.groupName("ecslab-" + lab + "-sg")
                .description("tagging it").tagSpecifications(TagSpecification.builder()
                        .resourceType(ResourceType.SECURITY_GROUP)
                        .tags(software.amazon.awssdk.services.ec2.model.Tag.builder().key(Tags.LAB).value(lab).build())
                        .build()))
                .groupId();
    }
}
