package dev.ecslab.lab;

import dev.ecslab.aws.AwsCallException;

import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * When a create's answer is lost, the SDK retries it, and AWS then says the thing already exists — because the
 * first attempt made it. That is success: find it and carry on (its tags are still checked by the caller). APIs
 * with client tokens or create-or-return semantics (RunInstances, CreateService, CreateCluster, CreateLoadBalancer,
 * CreateTargetGroup) need none of this.
 */
final class LostAnswers {
    private LostAnswers() {
    }

    static <T> T createOrFind(Supplier<T> create, Supplier<Optional<T>> find, String... alreadyExistsCodes) {
        try {
            return create.get();
        } catch (AwsCallException e) {
            if (e.errorCode() != null && Set.of(alreadyExistsCodes).contains(e.errorCode())) {
                Optional<T> found = find.get();
                if (found.isPresent()) {
                    return found.get();
                }
            }
            throw e;
        }
    }
}
