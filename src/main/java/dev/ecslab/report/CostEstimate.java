package dev.ecslab.report;

import java.util.Map;

/**
 * What an existing lab costs per hour on demand in us-east-1 (aws-reference.md §13): the instance, the ALB and
 * the public IPv4 addresses (one for the instance, one per availability zone of the ALB), and the root volume.
 * LCUs and logs are a small fraction for a lab and are left out; other regions differ by a few percent.
 */
public record CostEstimate(double perHourUsd, String note) {
    static final Map<String, Double> INSTANCE_PER_HOUR = Map.of("t3.micro", 0.0104, "t3.small", 0.0208,
            "t3.medium", 0.0416, "t3a.micro", 0.0094, "t3a.small", 0.0188, "t4g.micro", 0.0084, "t4g.small", 0.0168,
            "t2.micro", 0.0116);
    static final double ALB_PER_HOUR = 0.0225;
    static final double IPV4_PER_HOUR = 0.005;
    static final double ROOT_VOLUME_PER_HOUR = 0.003;

    /** @param albZones the availability zones the lab's ALB is in (0 without an ALB): one public IPv4 each */
    public static CostEstimate of(String instanceType, int albZones) {
        double total = 0;
        StringBuilder note = new StringBuilder("on-demand us-east-1 estimate");
        if (instanceType != null && !instanceType.isBlank()) {
            Double rate = INSTANCE_PER_HOUR.get(instanceType);
            if (rate == null) {
                note.append("; no rate known for ").append(instanceType).append(" (not included)");
            } else {
                total += rate;
            }
            total += IPV4_PER_HOUR + ROOT_VOLUME_PER_HOUR;
        }
        if (albZones > 0) {
            total += ALB_PER_HOUR + albZones * IPV4_PER_HOUR;
            note.append("; ALB LCUs extra");
        }
        return new CostEstimate(Math.round(total * 10000) / 10000.0, note.toString());
    }
}
