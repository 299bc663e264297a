package dev.ecslab.lab;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServiceWatchTest {
    @Test
    void a_pull_error_is_decisive_in_the_task_or_in_a_container_reason() {
        assertTrue(ServiceWatch.decisive("CannotPullContainerError: pull image manifest has been retried"));
        // On EC2 the task says "Essential container in task exited"; the container says why ("name: reason").
        assertTrue(ServiceWatch.decisive("web: CannotPullContainerError: ref not found"));
        assertTrue(ServiceWatch.decisive("web: CannotStartContainerError: exec format error"));
    }

    @Test
    void a_stop_that_a_retry_may_fix_is_not() {
        assertFalse(ServiceWatch.decisive("Essential container in task exited"));
        assertFalse(ServiceWatch.decisive("Scaling activity initiated by (deployment ecs-svc/1)"));
        assertFalse(ServiceWatch.decisive("web: Task failed ELB health checks in (target-group arn)"));
    }
}
