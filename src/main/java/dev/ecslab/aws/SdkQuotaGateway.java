package dev.ecslab.aws;

import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

final class SdkQuotaGateway implements QuotaGateway {
    private final Supplier<ServiceQuotasClient> client;

    SdkQuotaGateway(Supplier<ServiceQuotasClient> client) {
        this.client = client;
    }

    private ServiceQuotasClient quotas() {
        return client.get();
    }

    @Override
    public Optional<Double> appliedQuota(String serviceCode, String quotaCode) {
        return AwsCall.find("get service quota " + serviceCode + "/" + quotaCode, () -> Optional.ofNullable(
                quotas().getServiceQuota(serviceCode, quotaCode).get("Quota"))
                .map(quota -> ((Map<?, ?>) quota).get("Value"))
                .map(value -> ((Number) value).doubleValue()));
    }
}
