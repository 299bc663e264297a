package dev.ecslab.aws;

/**
 * Builds the SDK-backed gateways: one shared UrlConnectionHttpClient, STANDARD retries on every client, region,
 * profile and endpoint from {@link AwsSettings} (else the SDK's default chains). Clients are built lazily, once.
 */
public final class SdkGateways {
    private SdkGateways() {
    }

    public static Gateways create(AwsSettings settings) {
        throw new UnsupportedOperationException("to be implemented");
    }
}
