package dev.ecslab.lab;

import dev.ecslab.aws.Ec2Gateway;
import dev.ecslab.aws.Gateways;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The EC2 quota the lab's instance draws on: "Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances"
 * (L-1216C47A), counted in vCPUs across the region's pending and running On-Demand instances of those families
 * (EC2 User Guide, "Amazon EC2 service quotas"). RunInstances past it fails with VcpuLimitExceeded.
 *
 * @param quota  the applied value, or null when Service Quotas has none here
 * @param inUse  vCPUs of the region's On-Demand instances of the standard families
 */
record VcpuQuota(Double quota, int inUse) {
    static final String SERVICE = "ec2";
    static final String CODE = "L-1216C47A";
    private static final Pattern FAMILY = Pattern.compile("^([a-z]+)");
    /** Families whose first letter is a standard one but that have quotas of their own. */
    private static final Set<String> OWN_QUOTA = Set.of("dl", "hpc", "inf", "mac", "trn");

    static VcpuQuota read(Gateways aws) {
        int inUse = 0;
        for (Map.Entry<String, Integer> type : aws.ec2().onDemandInstanceCounts().entrySet()) {
            if (isStandard(type.getKey())) {
                inUse += type.getValue() * aws.ec2().findInstanceType(type.getKey())
                        .map(Ec2Gateway.InstanceTypeInfo::vcpus).orElse(0);
            }
        }
        Optional<Double> quota = aws.quotas().appliedQuota(SERVICE, CODE);
        return new VcpuQuota(quota.orElse(null), inUse);
    }

    /** Whether an instance type counts against this quota: t3.micro, m7i-flex.large, z1d.metal do; g5, inf2 do not. */
    static boolean isStandard(String instanceType) {
        Matcher family = FAMILY.matcher(instanceType);
        return family.find() && "acdhimrtz".indexOf(family.group(1).charAt(0)) >= 0
                && !OWN_QUOTA.contains(family.group(1));
    }

    /** Whether {@code vcpus} more fit under the quota (unknown quota: assumed to). */
    boolean fits(int vcpus) {
        return quota == null || inUse + vcpus <= quota;
    }
}
