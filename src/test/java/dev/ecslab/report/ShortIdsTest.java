package dev.ecslab.report;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Task ids in text output: their first 8 characters, wherever they stand alone; ARNs and other ids untouched. */
class ShortIdsTest {
    @Test
    void uuids_and_32_hex_task_ids_are_cut_to_8_characters() {
        assertEquals("(task 574f865b) (task bc6c42a5).", ShortIds.in(
                "(task 574f865b-6a32-4e42-ae9f-4ea0b4aa2afa) (task bc6c42a5e8374ed5bea2350f8a70bf59)."));
    }

    @Test
    void arns_instance_ids_and_load_balancer_ids_stay_whole() {
        String text = "arn:aws:ecs:us-east-1:1:task/c/574f865b-6a32-4e42-ae9f-4ea0b4aa2afa i-00896fa601c6a1f6f "
                + "app/ecslab-a-alb/325ecd7a1f4f97d5 sg-e30c825d56dc37d7b";
        assertEquals(text, ShortIds.in(text));
    }
}
