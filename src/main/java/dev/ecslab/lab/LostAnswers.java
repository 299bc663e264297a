package dev.ecslab.lab;

import dev.ecslab.aws.AwsCallException;

import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * When a create's answer is lost, the SDK retries it, and AWS then says the thing already exists — because the
 * first attempt made it. That is success: find it and carry on (its tags are still checked by the caller). APIs
 * with client tokens or create-or-return semantics (RunInstances, CreateService, CreateCluster, CreateLoadBalancer,
 * CreateTargetGroup) need none of this for their own retries; the same "find it" serves when another run of the lab
 * made it first (CreateService then refuses this run's token as "not idempotent").
 */
final class LostAnswers {
    private LostAnswers() {
    }

    static <T> T createOrFind(Supplier<T> create, Supplier<Optional<T>> find, String... alreadyExistsCodes) {
        return createOrFind(create, find, e -> e.errorCode() != null
                && Set.of(alreadyExistsCodes).contains(e.errorCode()));
    }

    /** As above, for refusals that an error code alone does not tell from others. */
    static <T> T createOrFind(Supplier<T> create, Supplier<Optional<T>> find, Predicate<AwsCallException> exists) {
        try {
            return create.get();
        } catch (AwsCallException e) {
            if (exists.test(e)) {
                Optional<T> found = find.get();
                if (found.isPresent()) {
                    return found.get();
                }
            }
            throw e;
        }
    }
}
