package dev.ecslab.aws;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** IAM: the container-instance role and instance profile (under /ecslab/), and the ECS service-linked role. */
public interface IamGateway {
    /** The managed policy the container instance role gets, under {@code arn:<partition>:iam::aws:policy/}. */
    String ECS_INSTANCE_POLICY = "service-role/AmazonEC2ContainerServiceforEC2Role";

    /**
     * The permissions boundary an administrator creates once, under {@link Names#IAM_PATH}, from
     * examples/ecslab-instance-role-boundary.json: the example policy lets its holder create the instance role only
     * with it.
     */
    String INSTANCE_ROLE_BOUNDARY = "ecslab-instance-role-boundary";

    record RoleInfo(String name, String arn, String path, long createdAtMillis, Map<String, String> tags,
                    List<String> attachedPolicyArns) { }

    record InstanceProfileInfo(String name, String arn, String path, long createdAtMillis,
                               Map<String, String> tags, List<String> roleNames) { }

    /** ECS's service-linked role, made by {@code ensureEcsServiceLinkedRole} and never deleted by ecslab. */
    String ECS_SERVICE_LINKED_ROLE = "AWSServiceRoleForECS";

    /**
     * Creates AWSServiceRoleForECS when GetRole does not find it; "has been taken" (made meanwhile) counts as done.
     * Never deleted by ecslab.
     */
    void ensureEcsServiceLinkedRole();

    Optional<RoleInfo> findRole(String name);

    /** Whether the role exists (GetRole alone: for roles that are not the lab's, e.g. service-linked ones). */
    boolean roleExists(String name);

    /** A role that EC2 instances (of the region's partition) may assume. */
    /**
     * Creates the instance role, trusted by EC2; with {@code boundaryArn} (may be null) as its permissions boundary,
     * which caps what its credentials can do whatever policy is attached.
     */
    RoleInfo createInstanceRole(String name, String path, Map<String, String> tags, String boundaryArn);

    /** Whether the managed policy {@code arn} exists (GetPolicy). */
    boolean policyExists(String arn);

    /** Attaches AmazonEC2ContainerServiceforEC2Role (of the region's partition). Idempotent. */
    void attachEcsInstancePolicy(String roleName);

    Optional<InstanceProfileInfo> findInstanceProfile(String name);

    InstanceProfileInfo createInstanceProfile(String name, String path, Map<String, String> tags);

    /** Idempotent: a role already in the profile is fine. */
    void addRoleToInstanceProfile(String profileName, String roleName);

    /** IAM-side visibility only; EC2 may still lag (see Ec2Gateway#runInstance). */
    void waitUntilInstanceProfileExists(String name, Budget budget);

    List<RoleInfo> listRoles(String pathPrefix);

    /** The names of the roles under the path (ListRoles alone: it returns no tags, so nothing more is read). */
    List<String> roleNames(String pathPrefix);

    List<InstanceProfileInfo> listInstanceProfiles(String pathPrefix);

    /**
     * A request context key for a simulation: one value is a string, several a list; {@code aws:TagKeys} is a
     * list always.
     */
    record ContextKey(String name, List<String> values) { }

    /** What IAM decided for one action on one resource: "allowed", "explicitDeny" or "implicitDeny". */
    record Decision(String action, String resource, String decision, List<String> missingContextKeys) {
        public boolean allowed() {
            return "allowed".equals(decision);
        }
    }

    /**
     * SimulatePrincipalPolicy: the principal's identity policies (its groups' too) decide every action on every
     * resource, with {@code context} as the request's keys; one decision per action and resource. Reads nothing of
     * the resources themselves.
     */
    List<Decision> simulate(String principalArn, List<String> actions, List<String> resources,
                            List<ContextKey> context);

    /** Removes every role from the profile, then deletes it. Missing counts as deleted. */
    void deleteInstanceProfile(String name);

    /** Detaches every managed policy, deletes inline policies, then deletes the role. Missing counts as deleted. */
    void deleteRole(String name);
}
