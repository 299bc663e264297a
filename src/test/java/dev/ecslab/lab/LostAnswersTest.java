package dev.ecslab.lab;

import dev.ecslab.aws.AwsCallException;
import dev.ecslab.testing.FakeAws;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A create whose first answer was lost: "already exists" on the retry means it worked. */
class LostAnswersTest {
    @Test
    void already_exists_after_a_lost_answer_finds_what_the_first_attempt_made() {
        AtomicInteger finds = new AtomicInteger();
        String made = LostAnswers.createOrFind(() -> {
            throw FakeAws.refusal("create log group", "ResourceAlreadyExistsException", "exists");
        }, () -> {
            finds.incrementAndGet();
            return Optional.of("/ecs/ecslab-x");
        }, "ResourceAlreadyExistsException");
        assertEquals("/ecs/ecslab-x", made);
        assertEquals(1, finds.get());
    }

    @Test
    void any_other_refusal_or_nothing_to_find_stays_a_failure() {
        AwsCallException denied = FakeAws.refusal("create log group", "AccessDeniedException", "no");
        assertSame(denied, assertThrows(AwsCallException.class, () -> LostAnswers.createOrFind(() -> {
            throw denied;
        }, () -> Optional.of("unused"), "ResourceAlreadyExistsException")));
        AwsCallException exists = FakeAws.refusal("create log group", "ResourceAlreadyExistsException", "exists");
        assertSame(exists, assertThrows(AwsCallException.class, () -> LostAnswers.createOrFind(() -> {
            throw exists;
        }, Optional::<String>empty, "ResourceAlreadyExistsException")));
    }
}
