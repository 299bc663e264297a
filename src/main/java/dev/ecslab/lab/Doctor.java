package dev.ecslab.lab;

import dev.ecslab.aws.AwsCallException;
import dev.ecslab.aws.Ec2Gateway;
import dev.ecslab.aws.ElbGateway;
import dev.ecslab.aws.IamGateway;
import dev.ecslab.aws.Names;
import dev.ecslab.aws.Partition;
import dev.ecslab.error.EcslabException;
import dev.ecslab.report.Results.CheckOutcome;
import dev.ecslab.report.Results.Diagnosis;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * ecslab doctor, once who and where are known: the checks `up` makes before it changes anything, run by the same
 * code (an NG line carries the run's own message and hint), and what the run would find out only later — the
 * service-linked roles, the quotas it draws on. It reads; it creates nothing. A check that needs what an NG one
 * should have found is SKIP.
 */
public final class Doctor {
    /** A security group quota AWS gives every VPC unless raised (the lab adds two). */
    static final int SECURITY_GROUPS_PER_VPC = 2500;
    private static final String DEFAULT_VPC = "default VPC";
    private static final String ZONES = "zones";
    private static final String AMI = "ECS-optimized AMI";
    private static final String ECS_ROLE = IamGateway.ECS_SERVICE_LINKED_ROLE;
    private static final String ELB_ROLE = "AWSServiceRoleForElasticLoadBalancing";
    private static final String LOAD_BALANCERS = "load balancer quota";
    private static final String SECURITY_GROUPS = "security groups";
    private static final String VCPUS = "vCPU quota";
    private static final String PERMISSIONS = "permissions";
    private static final String BOUNDARY = "instance role boundary";
    private static final String UNBOUNDED_DENIED = "absent, and the caller may create the instance role only with it";

    private final LabContext ctx;
    private final List<Diagnosis> checks = new ArrayList<>();
    private final PermissionCheck permissions;

    public Doctor(LabContext ctx) {
        this.ctx = ctx;
        this.permissions = new PermissionCheck(ctx);
    }

    /** The names of {@link #run()}'s checks, in its order: what a doctor stopped before them reports as SKIP. */
    public static List<String> checkNames(String instanceType) {
        return List.of(DEFAULT_VPC, instanceTypeCheck(instanceType), ZONES, AMI, ECS_ROLE, ELB_ROLE, LOAD_BALANCERS,
                SECURITY_GROUPS, VCPUS, BOUNDARY, PERMISSIONS);
    }

    private static String instanceTypeCheck(String instanceType) {
        return "instance type " + instanceType;
    }

    /** The checks after region and credentials, in the order `up` meets them. */
    public List<Diagnosis> run() {
        String type = ctx.lab().what().instanceType();
        Surroundings around = Surroundings.of(ctx);
        Optional<Ec2Gateway.Network> network = check(DEFAULT_VPC, around::network,
                n -> n.vpcId() + ", default subnets in " + n.subnets().stream()
                        .map(Ec2Gateway.Subnet::availabilityZone).collect(Collectors.joining(", ")));
        Optional<Ec2Gateway.InstanceTypeInfo> offered = check(instanceTypeCheck(type),
                around::instanceType, t -> t.vcpus() + " vCPUs, " + t.memoryMiB() + " MiB, "
                        + String.join("/", t.architectures()));
        if (network.isPresent() && offered.isPresent()) {
            check(ZONES, around::placement, p -> "the instance in "
                    + p.instanceSubnet().availabilityZone() + " (it offers " + type + "), the load balancer in "
                    + p.loadBalancerSubnets().stream().map(Ec2Gateway.Subnet::availabilityZone)
                    .collect(Collectors.joining(" and ")));
        } else {
            skip(ZONES, "needs the default VPC and the instance type");
        }
        if (offered.isPresent()) {
            String parameter = around.amiParameter();
            check(AMI, around::ami, ami -> ami + " (" + parameter + ")");
        } else {
            skip(AMI, "needs the instance type (its architecture names the AMI)");
        }
        serviceLinkedRole(ECS_ROLE, "ECS's");
        serviceLinkedRole(ELB_ROLE, "Elastic Load Balancing's");
        loadBalancerQuota();
        if (network.isPresent()) {
            String vpc = network.get().vpcId();
            check(SECURITY_GROUPS, () -> ctx.aws().ec2().countSecurityGroups(vpc), n -> n + " in " + vpc
                    + "; the lab adds 2 (of " + SECURITY_GROUPS_PER_VPC + " per VPC unless the quota was changed)")
                    .filter(n -> n + 2 > SECURITY_GROUPS_PER_VPC).ifPresent(n -> ng(SECURITY_GROUPS,
                            n + " in " + vpc + " leave no room for the lab's 2",
                            "delete unused groups, or ask for more (Service Quotas, Amazon VPC)"));
        } else {
            skip(SECURITY_GROUPS, "needs the default VPC");
        }
        if (offered.isPresent()) {
            vcpuQuota(offered.get().vcpus());
        } else {
            skip(VCPUS, "needs the instance type (its vCPUs are what the lab adds)");
        }
        instanceRoleBoundary();
        checks.add(permissions.run(PERMISSIONS));
        return checks;
    }

    /**
     * The permissions boundary the lab's new instance role gets. Without it `up` creates the role unbounded, which
     * the example policy does not allow: the permissions line (which asks with the boundary) cannot see that, so this
     * asks IAM about the creation as the run would make it.
     */
    private void instanceRoleBoundary() {
        Partition partition = ctx.caller().partition();
        String arn = Names.instanceRoleBoundaryArn(partition, ctx.caller().account());
        String role = ctx.names().instanceRole();
        check(BOUNDARY, () -> boundaryEvidence(partition, arn, role), evidence -> evidence)
                .filter(evidence -> evidence.startsWith(UNBOUNDED_DENIED)).ifPresent(evidence -> ng(BOUNDARY,
                        evidence, "an administrator creates it once: " + LabDesign.CREATE_BOUNDARY));
    }

    private String boundaryEvidence(Partition partition, String arn, String role) {
        if (ctx.aws().iam().policyExists(arn)) {
            return arn + " exists: a new instance role gets it";
        }
        if (ctx.aws().iam().findRole(role).isPresent()) {
            return arn + " absent; the lab's role " + role + " exists already";
        }
        Optional<Boolean> unbounded = permissions.allows(
                PermissionRequests.unboundedRoleCreation(partition, ctx.caller().account(), ctx.names()));
        if (unbounded.isPresent() && !unbounded.get()) {
            return UNBOUNDED_DENIED + ": " + arn;
        }
        return arn + " absent: `up` creates the instance role without a boundary, "
                + (unbounded.isPresent() ? "as the caller may" : "if the caller may (IAM could not say)");
    }

    private void vcpuQuota(int need) {
        String quotaName = "On-Demand standard instances, " + VcpuQuota.CODE;
        Optional<VcpuQuota> use = check(VCPUS, () -> VcpuQuota.read(ctx.aws()), q -> q.inUse() + " vCPUs in use of "
                + (q.quota() == null ? "?" : whole(q.quota())) + " (" + quotaName + "); the lab adds " + need);
        use.filter(q -> q.quota() == null).ifPresent(q -> replace(new Diagnosis(VCPUS, CheckOutcome.SKIP,
                q.inUse() + " vCPUs in use; Service Quotas has no value for " + VcpuQuota.CODE + " here", null)));
        use.filter(q -> !q.fits(need)).ifPresent(q -> ng(VCPUS, "the lab's " + need + " vCPUs do not fit: "
                + q.inUse() + " of " + whole(q.quota()) + " in use (" + quotaName + ")", "stop instances you do not "
                + "need, pick a smaller --instance-type, or ask for more (Service Quotas, Amazon EC2, "
                + VcpuQuota.CODE + ")"));
    }

    private static String whole(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }

    private void serviceLinkedRole(String role, String whose) {
        check(role, () -> ctx.aws().iam().roleExists(role), exists -> exists ? whose + " role exists"
                : "absent: `up` creates it (iam:CreateServiceLinkedRole), as " + whose + " first use would");
    }

    private void loadBalancerQuota() {
        Optional<ElbGateway.LoadBalancerUse> use = check(LOAD_BALANCERS,
                () -> ctx.aws().elb().applicationLoadBalancerUse(), u -> u.applicationLoadBalancers()
                        + " application load balancers" + (u.quota() == null ? " (quota not said)"
                        : " of " + u.quota()) + "; the lab adds 1");
        use.filter(u -> u.quota() != null && u.applicationLoadBalancers() >= u.quota()).ifPresent(u -> ng(
                LOAD_BALANCERS, "all " + u.quota() + " application load balancers of the quota are in use",
                "delete one you do not need, or ask for more (Service Quotas, Elastic Load Balancing)"));
    }

    /** Runs one check: OK with what {@code evidence} says of its result, or NG with the failure's words. */
    private <T> Optional<T> check(String name, Supplier<T> work, Function<T, String> evidence) {
        try {
            T result = work.get();
            checks.add(new Diagnosis(name, CheckOutcome.OK, evidence.apply(result), null));
            return Optional.of(result);
        } catch (EcslabException e) {
            checks.add(new Diagnosis(name, CheckOutcome.NG, e.getMessage(), e.hint()));
        } catch (AwsCallException e) {
            checks.add(new Diagnosis(name, CheckOutcome.NG, e.getMessage(), e.isAccessDenied()
                    || String.valueOf(e.errorCode()).contains("Unauthorized")
                    ? "the caller may not make this call: see examples/ecslab-iam-policy.json"
                    : "try again; if it persists, run with --verbose"));
        }
        return Optional.empty();
    }

    /** Turns the OK line just added for {@code name} into an NG one. */
    private void ng(String name, String evidence, String hint) {
        replace(new Diagnosis(name, CheckOutcome.NG, evidence, hint));
    }

    /** Puts {@code diagnosis} in place of the line just added under its name. */
    private void replace(Diagnosis diagnosis) {
        checks.removeIf(c -> c.name().equals(diagnosis.name()));
        checks.add(diagnosis);
    }

    private void skip(String name, String why) {
        checks.add(new Diagnosis(name, CheckOutcome.SKIP, why, null));
    }
}
