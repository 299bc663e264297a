package dev.ecslab.lab;

import dev.ecslab.aws.Names;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LabsTest {
    @Test
    void a_name_ecslab_gives_is_read_back_to_its_lab() {
        assertEquals(Optional.of("demo"), Labs.labOf("ecslab-demo", Names::cluster));
        assertEquals(Optional.of("my-lab"), Labs.labOf("ecslab-my-lab-alb", Names::loadBalancer));
        assertEquals(Optional.of("a"), Labs.labOf("ecslab-a-tg", Names::targetGroup));
        assertEquals(Optional.of("x-web"), Labs.labOf("ecslab-x-web-web", Names::taskFamily));
        assertEquals(Optional.of("demo"), Labs.labOf("/ecs/ecslab-demo", Names::logGroup));
        assertEquals(Optional.of("demo"), Labs.labOf("ecslab-demo-instance-role", Names::instanceRole));
    }

    @Test
    void any_other_name_is_no_lab() {
        for (String name : new String[] {"ecslab-", "ecslab--alb", "prod-alb", "ecslab-demo-alb2", "/ecs/other",
                "ecslab-demo-web"}) {
            assertEquals(Optional.empty(), Labs.labOf(name, name.startsWith("/") ? Names::logGroup
                    : name.endsWith("web") ? Names::targetGroup : Names::loadBalancer), name);
        }
        assertEquals(Optional.empty(), Labs.labOf(null, Names::cluster));
    }
}
