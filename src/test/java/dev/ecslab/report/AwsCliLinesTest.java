package dev.ecslab.report;

import dev.ecslab.aws.CallRecorder.Call;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AwsCliLinesTest {
    private static Call call(String service, String operation, Object... parameters) {
        Map<String, Object> p = new LinkedHashMap<>();
        for (int i = 0; i + 1 < parameters.length; i += 2) {
            p.put((String) parameters[i], parameters[i + 1]);
        }
        return new Call(service, operation, p, false, null);
    }

    @Test
    void operations_and_parameters_are_named_as_the_cli_names_them() {
        assertEquals("create-cluster", AwsCliLines.kebab("CreateCluster"));
        assertEquals("authorize-security-group-ingress", AwsCliLines.kebab("AuthorizeSecurityGroupIngress"));
        assertEquals("create-load-balancer", AwsCliLines.kebab("CreateLoadBalancer"));
        assertEquals("tag-specifications", AwsCliLines.kebab("TagSpecifications"));
        assertEquals("cluster-name", AwsCliLines.kebab("clusterName"));
        assertEquals("health-check-interval-seconds", AwsCliLines.kebab("HealthCheckIntervalSeconds"));
        assertEquals("elbv2", AwsCliLines.service("ElasticLoadBalancingV2"));
        assertEquals("logs", AwsCliLines.service("CloudWatchLogs"));
    }

    @Test
    void a_list_of_structures_is_written_in_shorthand() {
        Call create = call("Ecs", "CreateCluster", "clusterName", "ecslab-demo", "tags",
                List.of(ordered("key", "ecslab:lab", "value", "demo"), ordered("key", "ecslab:run", "value", "r1")));
        assertEquals(List.of("aws ecs create-cluster --cluster-name ecslab-demo --tags key=ecslab:lab,value=demo "
                + "key=ecslab:run,value=r1"), AwsCliLines.lines(create));
    }

    @Test
    void nested_structures_lists_numbers_and_booleans() {
        Call call = call("Ec2", "AuthorizeSecurityGroupIngress", "GroupId", "sg-1", "IpPermissions",
                List.of(ordered("IpProtocol", "tcp", "FromPort", 32768, "ToPort", 65535, "UserIdGroupPairs",
                        List.of(ordered("GroupId", "sg-2")))));
        assertEquals(List.of("aws ec2 authorize-security-group-ingress \\", "    --group-id sg-1 \\",
                "    --ip-permissions 'IpProtocol=tcp,FromPort=32768,ToPort=65535,UserIdGroupPairs=[{GroupId=sg-2}]'"),
                AwsCliLines.lines(call));
        assertEquals("--instance-ids i-1 i-2", AwsCliLines.option("InstanceIds", List.of("i-1", "i-2"), List.of()));
        assertEquals("--enable-execute-command", AwsCliLines.option("enableExecuteCommand", true, List.of()));
        assertEquals("--no-force", AwsCliLines.option("force", false, List.of()));
        assertEquals("--description 'ecslab lab demo'", AwsCliLines.option("Description", "ecslab lab demo",
                List.of()));
    }

    @Test
    void what_shorthand_cannot_say_is_json() {
        String option = AwsCliLines.option("Attributes", List.of(ordered("Key", "a", "Value", "x,y")), List.of());
        assertEquals("--attributes '[{\"Key\":\"a\",\"Value\":\"x,y\"}]'", option);
    }

    @Test
    void shorthand_too_long_to_read_as_options_is_a_document_too() {
        List<String> notes = new java.util.ArrayList<>();
        Map<String, Object> definition = ordered("name", "web", "image", "public.ecr.aws/nginx/nginx:stable",
                "cpu", 128, "memory", 128, "essential", true, "logConfiguration", ordered("logDriver", "awslogs",
                        "options", ordered("awslogs-group", "/ecs/ecslab-demo", "awslogs-region", "us-east-1",
                                "awslogs-stream-prefix", "ecslab")));
        assertEquals("--container-definitions file://container-definitions.json",
                AwsCliLines.option("containerDefinitions", List.of(definition), notes));
        assertEquals("# container-definitions.json:", notes.get(0));
        assertTrue(notes.contains("#         \"awslogs-group\" : \"/ecs/ecslab-demo\","), notes::toString);
        String arn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/ecslab-demo-tg/"
                + "8d86fef31f77c57d";
        assertEquals("--target-group-arn " + arn, AwsCliLines.option("TargetGroupArn", arn, notes),
                "an id stays whole, however long");
    }

    @Test
    void run_instances_takes_count_and_its_user_data_as_text() {
        String userData = "#!/bin/bash\necho ECS_CLUSTER=ecslab-demo >> /etc/ecs/ecs.config\n";
        Call run = call("Ec2", "RunInstances", "ImageId", "ami-1", "MinCount", 1, "MaxCount", 1, "UserData",
                Base64.getEncoder().encodeToString(userData.getBytes(StandardCharsets.UTF_8)));
        List<String> lines = AwsCliLines.lines(run);
        assertEquals("aws ec2 run-instances --image-id ami-1 --count 1 --user-data file://user-data.txt",
                lines.get(0));
        assertEquals(List.of("# user-data.txt:", "#   #!/bin/bash",
                "#   echo ECS_CLUSTER=ecslab-demo >> /etc/ecs/ecs.config"), lines.subList(1, lines.size()));
    }

    @Test
    void a_long_command_is_continued_and_a_long_document_goes_to_a_file() {
        String definitions = "[" + "{\"name\":\"web\",\"image\":\"public.ecr.aws/nginx/nginx:stable\"},".repeat(3)
                + "{}]";
        Call register = call("Ecs", "RegisterTaskDefinition", "family", "ecslab-demo-web", "networkMode", "bridge",
                "containerDefinitions", List.of(ordered("name", "web", "image", "public.ecr.aws/nginx/nginx:stable",
                        "portMappings", List.of(ordered("containerPort", 80, "hostPort", 0)), "logConfiguration",
                        ordered("logDriver", "awslogs", "options", ordered("awslogs-group", "/ecslab/demo")),
                        "command", List.of(definitions))));
        List<String> lines = AwsCliLines.lines(register);
        assertEquals(List.of("aws ecs register-task-definition \\", "    --family ecslab-demo-web \\",
                "    --network-mode bridge \\", "    --container-definitions file://container-definitions.json"),
                lines.subList(0, 4));
        assertEquals(List.of("# container-definitions.json:", "#   [ {", "#     \"name\" : \"web\","),
                lines.subList(4, 7));
        assertTrue(lines.stream().filter(l -> !l.startsWith("#")).allMatch(l -> l.length() <= Wrapped.WIDTH),
                lines::toString);
    }

    @Test
    void waits_are_the_cli_waiters_and_urls_lose_their_secrets() {
        Call wait = new Call("ec2", "instance-running", Map.of("InstanceIds", List.of("i-1")), true, "it to run");
        assertEquals(List.of("aws ec2 wait instance-running --instance-ids i-1"), AwsCliLines.lines(wait));
        Call none = new Call("ecs", null, Map.of(), true, "the agent to register it");
        assertTrue(AwsCliLines.lines(none).get(0).startsWith("# then wait for the agent to register it"));
        String shown = String.join("\n", AwsCliLines.lines(call("Ssm", "PutParameter", "Value",
                "https://admin:hunter2@example.com/x?token=abc")));
        assertFalse(shown.contains("hunter2") || shown.contains("abc"), shown);
    }

    private static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
