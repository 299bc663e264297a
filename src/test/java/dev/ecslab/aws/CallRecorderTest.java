package dev.ecslab.aws;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ecs.model.CreateClusterRequest;
import software.amazon.awssdk.services.ecs.model.Tag;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CallRecorderTest {
    @Test
    void a_request_is_its_set_parameters_by_model_name() {
        CreateClusterRequest create = CreateClusterRequest.builder().clusterName("ecslab-demo")
                .tags(Tag.builder().key("ecslab:lab").value("demo").build()).build();
        assertEquals(Map.of("clusterName", "ecslab-demo", "tags", List.of(Map.of("key", "ecslab:lab", "value",
                "demo"))), CallRecorder.parameters(create));
        RunInstancesRequest run = RunInstancesRequest.builder().imageId("ami-1").minCount(1).maxCount(1).build();
        // its ClientToken the SDK would make up as it sends it: not one ecslab gave, so not shown
        assertEquals(Map.of("ImageId", "ami-1", "MinCount", 1, "MaxCount", 1), CallRecorder.parameters(run));
        assertEquals("t-1", CallRecorder.parameters(run.toBuilder().clientToken("t-1").build()).get("ClientToken"));
    }

    @Test
    void reads_are_told_from_changes() {
        assertTrue(new CallRecorder.Call("Ecs", "CreateCluster", Map.of(), false, null).mutating());
        assertTrue(new CallRecorder.Call("Ec2", "AuthorizeSecurityGroupIngress", Map.of(), false, null).mutating());
        assertFalse(new CallRecorder.Call("Ecs", "DescribeClusters", Map.of(), false, null).mutating());
        assertFalse(new CallRecorder.Call("Ssm", "GetParameter", Map.of(), false, null).mutating());
        assertFalse(new CallRecorder.Call("ec2", "instance-running", Map.of(), true, null).mutating());
    }

    @Test
    void only_an_open_recording_keeps_waits() {
        CallRecorder.waited("ec2", "instance-running", "nothing records it");
        CallRecorder.Recording recording = CallRecorder.open();
        try {
            CallRecorder.waited("ec2", "instance-running", "it to run", "InstanceIds", List.of("i-1"));
        } finally {
            CallRecorder.resume(null);
        }
        CallRecorder.waited("ec2", "instance-terminated", "after it closed");
        assertEquals(List.of(new CallRecorder.Call("ec2", "instance-running", Map.of("InstanceIds", List.of("i-1")),
                true, "it to run")), recording.calls());
    }
}
