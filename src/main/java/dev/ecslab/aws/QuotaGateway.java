package dev.ecslab.aws;

import java.util.Optional;

/** Service Quotas: what AWS lets this account use in the region. */
public interface QuotaGateway {
    /**
     * The applied value of a quota, e.g. {@code ec2} / {@code L-1216C47A} (Running On-Demand Standard instances, in
     * vCPUs); empty when Service Quotas has none for the account here (NoSuchResourceException).
     */
    Optional<Double> appliedQuota(String serviceCode, String quotaCode);
}
