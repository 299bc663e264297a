package dev.ecslab.report;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * What an existing lab costs per hour on demand in us-east-1 (docs/aws.md §13): the instance, the ALB and
 * the public IPv4 addresses (one for the instance, one per availability zone of the ALB), and the root volume.
 * LCUs and logs are a small fraction for a lab and are left out; other regions differ by a few percent. So far: each
 * part's rate times the hours since it was created (null when neither creation time is known).
 */
public record CostEstimate(double perHourUsd, Double soFarUsd, String note) {
    static final Map<String, Double> INSTANCE_PER_HOUR = Map.of("t3.micro", 0.0104, "t3.small", 0.0208,
            "t3.medium", 0.0416, "t3a.micro", 0.0094, "t3a.small", 0.0188, "t4g.micro", 0.0084, "t4g.small", 0.0168,
            "t2.micro", 0.0116);
    static final double ALB_PER_HOUR = 0.0225;
    static final double IPV4_PER_HOUR = 0.005;
    static final double ROOT_VOLUME_PER_HOUR = 0.003;

    /** Per hour only, for an estimate with nothing created yet to count from. */
    public static CostEstimate of(String instanceType, int albZones) {
        return of(instanceType, null, albZones, null, Instant.now());
    }

    /**
     * @param instanceSince when the instance was launched, null when not known (or no instance)
     * @param albZones      the availability zones the lab's ALB is in (0 without an ALB): one public IPv4 each
     * @param albSince      when the ALB was created, null when not known (or no ALB)
     */
    public static CostEstimate of(String instanceType, Instant instanceSince, int albZones, Instant albSince,
                                  Instant now) {
        double instance = 0;
        double alb = 0;
        StringBuilder note = new StringBuilder("on-demand us-east-1 estimate");
        if (instanceType != null && !instanceType.isBlank()) {
            Double rate = INSTANCE_PER_HOUR.get(instanceType);
            if (rate == null) {
                note.append("; no rate known for ").append(instanceType).append(" (not included)");
            } else {
                instance += rate;
            }
            instance += IPV4_PER_HOUR + ROOT_VOLUME_PER_HOUR;
        }
        if (albZones > 0) {
            alb += ALB_PER_HOUR + albZones * IPV4_PER_HOUR;
            note.append("; ALB LCUs extra");
        }
        Double soFar = instanceSince == null && albSince == null ? null
                : round(instance * hours(instanceSince, now) + alb * hours(albSince, now));
        return new CostEstimate(round(instance + alb), soFar, note.toString());
    }

    private static double hours(Instant since, Instant now) {
        return since == null || since.isAfter(now) ? 0 : Duration.between(since, now).toMillis() / 3_600_000.0;
    }

    private static double round(double usd) {
        return Math.round(usd * 10000) / 10000.0;
    }
}
