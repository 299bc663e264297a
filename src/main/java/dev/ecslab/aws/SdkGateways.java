package dev.ecslab.aws;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsProfileRegionProvider;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.resourcegroupstaggingapi.ResourceGroupsTaggingApiClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;

import java.time.Duration;

/**
 * Builds the SDK-backed gateways: one shared UrlConnectionHttpClient (lowest start-up cost for a CLI,
 * aws-reference.md §0), STANDARD retries on every client, region/profile/endpoint from {@link AwsSettings} or the
 * SDK's default chains (AWS_REGION, AWS_PROFILE, AWS_ENDPOINT_URL ...). Each client is built on first use.
 */
public final class SdkGateways {
    private SdkGateways() {
    }

    public static Gateways create(AwsSettings settings) {
        SdkHttpClient http = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(5))
                .socketTimeout(Duration.ofSeconds(30))
                .build();
        Region region = resolveRegion(settings);
        AwsCredentialsProvider credentials = settings.profile() != null
                ? ProfileCredentialsProvider.create(settings.profile())
                : DefaultCredentialsProvider.builder().build();
        ClientOverrideConfiguration.Builder override = ClientOverrideConfiguration.builder()
                .retryStrategy(AwsRetryStrategy.forRetryMode(RetryMode.STANDARD));
        CallLog callLog = CallLog.fromEnvironment();
        if (callLog != null) {
            override.addExecutionInterceptor(callLog);
        }
        ClientOverrideConfiguration overrides = override.build();
        Configure configure = new Configure(http, region, credentials, overrides, settings);

        return new Gateways(
                new SdkStsGateway(configure.apply(StsClient.builder()).build(), region.id()),
                new SdkEc2Gateway(configure.apply(Ec2Client.builder()).build()),
                new SdkEcsGateway(configure.apply(EcsClient.builder()).build()),
                new SdkElbGateway(configure.apply(ElasticLoadBalancingV2Client.builder()).build()),
                // IAM is global: it signs for the partition's global region unless an endpoint is overridden.
                new SdkIamGateway(configure.apply(IamClient.builder(),
                        settings.endpoint() == null ? Region.AWS_GLOBAL : region).build()),
                new SdkSsmGateway(configure.apply(SsmClient.builder()).build()),
                new SdkLogsGateway(configure.apply(CloudWatchLogsClient.builder()).build()),
                new SdkTaggingGateway(configure.apply(ResourceGroupsTaggingApiClient.builder()).build()));
    }

    private static Region resolveRegion(AwsSettings settings) {
        if (settings.region() != null) {
            return Region.of(settings.region());
        }
        if (settings.profile() != null) {
            try {
                return new AwsProfileRegionProvider(null, settings.profile()).getRegion();
            } catch (RuntimeException ignored) {
                // fall through to the default chain
            }
        }
        try {
            return DefaultAwsRegionProviderChain.builder().build().getRegion();
        } catch (RuntimeException e) {
            throw new AwsCallException("resolve region", "MissingRegion",
                    "no region configured; pass --region or set AWS_REGION", null, 0, e);
        }
    }

    /** Applies the shared settings to any client builder. */
    private record Configure(SdkHttpClient http, Region region, AwsCredentialsProvider credentials,
                             ClientOverrideConfiguration overrides, AwsSettings settings) {
        <B extends AwsClientBuilder<B, ?>> B apply(B builder) {
            return apply(builder, region);
        }

        <B extends AwsClientBuilder<B, ?>> B apply(B builder, Region signingRegion) {
            builder.region(signingRegion).credentialsProvider(credentials).overrideConfiguration(overrides);
            if (settings.endpoint() != null) {
                builder.endpointOverride(settings.endpoint());
            }
            if (builder instanceof software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder<?, ?> sync) {
                sync.httpClient(http);
            }
            return builder;
        }
    }
}
