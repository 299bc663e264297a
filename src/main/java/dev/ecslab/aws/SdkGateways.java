package dev.ecslab.aws;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkSystemSetting;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.util.VersionInfo;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.ProxyConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.ProfileFileSystemSetting;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsProfileRegionProvider;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Builds the SDK-backed gateways: one shared UrlConnectionHttpClient (lowest start-up cost for a CLI,
 * docs/aws.md §0), STANDARD retries set explicitly on every client, region/profile/endpoint from
 * {@link AwsSettings} or the SDK's default chains (AWS_REGION, AWS_PROFILE, AWS_ENDPOINT_URL ...). Each client is
 * built on first use.
 */
public final class SdkGateways {
    private SdkGateways() {
    }

    public static Gateways create(AwsSettings settings) {
        return create(settings, settings.profile() != null
                ? ProfileCredentialsProvider.create(settings.profile())
                : DefaultCredentialsProvider.builder().build());
    }

    /** As {@link #create(AwsSettings)}, with given credentials (tests against the emulator use dummy ones). */
    static Gateways create(AwsSettings settings, AwsCredentialsProvider credentials) {
        return create(settings, credentials, ATTEMPT_TIMEOUT, CALL_TIMEOUT);
    }

    /** As {@link #create(AwsSettings, AwsCredentialsProvider)}, with given call timeouts (tests use short ones). */
    static Gateways create(AwsSettings settings, AwsCredentialsProvider credentials, Duration attemptTimeout,
                           Duration callTimeout) {
        Deadline deadline = new Deadline();
        Clients clients = new Clients(settings, resolveRegion(settings), credentials, deadline, attemptTimeout,
                callTimeout);
        return new Gateways(
                new SdkStsGateway(clients.lazy(StsClient::builder), clients.region.id()),
                new SdkEc2Gateway(clients.lazy(Ec2Client::builder)),
                new SdkEcsGateway(clients.lazy(EcsClient::builder)),
                new SdkElbGateway(clients.lazy(ElasticLoadBalancingV2Client::builder)),
                // IAM is global, but the configured region is right for it too: the SDK's endpoint rules send
                // every region of a partition to that partition's IAM endpoint and signing region (us-east-1 for
                // aws, cn-north-1 for aws-cn), which Region.AWS_GLOBAL would get wrong outside the aws partition.
                new SdkIamGateway(clients.lazy(IamClient::builder), new Lazy<>(() -> Partition.of(clients.region))),
                new SdkSsmGateway(clients.lazy(SsmClient::builder)),
                new SdkLogsGateway(clients.lazy(CloudWatchLogsClient::builder)),
                new SdkQuotaGateway(new Lazy<>(() -> new ServiceQuotasClient(clients.http, credentials,
                        clients.region, ServiceQuotasClient.endpoint(settings.endpoint(), clients.region,
                                System.getenv())))), deadline);
    }

    /**
     * Starts building what every command's clients share, on a thread of its own: called before the command line
     * is parsed, so that the two overlap.
     */
    public static void prepare() {
        SharedHttp.start();
    }

    /**
     * The one HTTP client of the process. Building it builds its TLS context, which reads and parses the JVM's
     * trust store (tens of ms of CPU at start), taken off the command's path by {@link #prepare()}.
     */
    private static final class SharedHttp {
        private static final Lazy<AbortableHttpClient> CLIENT = new Lazy<>(() -> new AbortableHttpClient(
                HttpProxy.of("https"), HttpProxy.of("http"), proxy -> UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(30))
                        .proxyConfiguration(proxy != null ? proxy.configuration() : ProxyConfiguration.builder()
                                .useEnvironmentVariablesValues(false).useSystemPropertyValues(false).build())
                        .build()));

        /** Builds the client on a daemon thread; whoever asks meanwhile waits for that build (Lazy). */
        static void start() {
            Thread builder = new Thread(() -> {
                try {
                    CLIENT.get().warm();
                } catch (RuntimeException e) {
                    // not built: the command's own client() builds it again and reports the failure there
                }
            }, "ecslab-http-client");
            builder.setDaemon(true);
            builder.start();
        }

        static SdkHttpClient client() {
            return CLIENT.get();
        }
    }

    /** The AWS SDK for Java's version, for ecslab --version. */
    public static String sdkVersion() {
        return VersionInfo.SDK_VERSION;
    }

    /** The region, from the first place that names one, refused (exit 2) when the SDK does not know it. */
    private static Region resolveRegion(AwsSettings settings) {
        if (settings.region() != null) {
            return KnownRegions.check(Region.of(settings.region()), "--region " + settings.region(),
                    "pass a known one, e.g. --region %s");
        }
        if (settings.profile() != null) {
            Region fromProfile = null;
            try {
                fromProfile = new AwsProfileRegionProvider(null, settings.profile()).getRegion();
            } catch (RuntimeException noRegionInProfile) {
                // the default chain below still has AWS_REGION and the default profile
            }
            if (fromProfile != null) {
                return knownInProfile(fromProfile, settings.profile());
            }
        }
        Region region;
        try {
            region = DefaultAwsRegionProviderChain.builder().build().getRegion();
        } catch (RuntimeException e) {
            throw new AwsCallException("resolve region", "MissingRegion",
                    "no region configured", null, 0, e);
        }
        boolean fromEnvironment = SdkSystemSetting.AWS_REGION.getStringValue().isPresent();
        String profile = ProfileFileSystemSetting.AWS_PROFILE.getStringValue().orElse("default");
        return fromEnvironment ? KnownRegions.check(region, "AWS_REGION=" + region.id(),
                "set a known one, e.g. AWS_REGION=%s, or pass --region") : knownInProfile(region, profile);
    }

    private static Region knownInProfile(Region region, String profile) {
        return KnownRegions.check(region, "region " + region.id() + " of profile " + profile,
                "set a known one (e.g. region = %s) in profile " + profile + " of ~/.aws/config, or pass --region");
    }

    /**
     * STANDARD retries (exponential backoff, jitter, a longer backoff for throttling), with more attempts than its
     * default 3: a lab makes a few hundred calls, and a throttled account must not fail one of them. AWS_MAX_ATTEMPTS
     * still wins when set.
     */
    static final int MAX_ATTEMPTS = 8;

    /**
     * Without STANDARD's circuit breaker: its bucket of 500 tokens, shared by every client, pays 5 per retry and gets
     * 1 back per success, so a process that makes hundreds of calls on a throttling account runs it dry (at 20 %
     * throttling an `up` or a `cleanup` did) and from then on fails its calls at the first throttle — a cleanup
     * stopped halfway, which is worse than waiting. Every call is still bounded by its attempts and their backoff.
     * Nor for a failure another attempt cannot mend (a name that does not resolve, nothing listening on this
     * machine, a failed TLS handshake, an unreachable proxy): the user hears at once, not after seconds of backoff.
     */
    static RetryStrategy retryStrategy() {
        return AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(maxAttempts())
                .circuitBreakerEnabled(false)
                .doNotRetryWhen(request -> NetworkTrouble.lasting(request.failure()))
                .build();
    }

    static int maxAttempts() {
        String fromEnv = System.getenv("AWS_MAX_ATTEMPTS");
        try {
            return fromEnv == null ? MAX_ATTEMPTS : Math.max(1, Integer.parseInt(fromEnv.trim()));
        } catch (NumberFormatException e) {
            return MAX_ATTEMPTS;
        }
    }

    /**
     * Every AWS API ecslab calls answers in well under a second, a few seconds at worst; none of them is a long call
     * that holds the connection while work is done (docs/aws.md §0). An attempt with no whole answer after 15 s is
     * tried again (the socket timeout alone lets an endpoint that drips a byte now and then hold it for ever); a call
     * gets a minute, its retries and their backoff included, then fails as an endpoint that did not answer.
     */
    static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(15);
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

    /** What every client shares; builds each lazily. */
    private static final class Clients {
        private final AwsSettings settings;
        private final Region region;
        private final AwsCredentialsProvider credentials;
        private final ClientOverrideConfiguration overrides;
        private final SdkHttpClient http = SharedHttp.client();

        Clients(AwsSettings settings, Region region, AwsCredentialsProvider credentials, Deadline deadline,
                Duration attemptTimeout, Duration callTimeout) {
            this.settings = settings;
            this.region = region;
            this.credentials = credentials;
            ClientOverrideConfiguration.Builder override = ClientOverrideConfiguration.builder()
                    .retryStrategy(retryStrategy())
                    .apiCallAttemptTimeout(attemptTimeout)
                    .apiCallTimeout(callTimeout)
                    .addExecutionInterceptor(new DeadlineCutoff(deadline, callTimeout)) // before NoAnswer reads it
                    .addExecutionInterceptor(new NoAnswer())
                    .addExecutionInterceptor(new CallRecorder()); // keeps nothing unless --explain opened a recording
            CallLog callLog = CallLog.fromEnvironment();
            if (callLog != null) {
                override.addExecutionInterceptor(callLog);
            }
            override.addExecutionInterceptor(new NotAwsAnswer()); // after the call log, which still logs the call
            this.overrides = override.build();
        }

        <C, B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>> Supplier<C> lazy(Supplier<B> newBuilder) {
            return new Lazy<>(() -> {
                B builder = newBuilder.get();
                builder.region(region).credentialsProvider(credentials).overrideConfiguration(overrides)
                        .httpClient(http);
                if (settings.endpoint() != null) {
                    builder.endpointOverride(settings.endpoint());
                }
                return builder.build();
            });
        }
    }
}
