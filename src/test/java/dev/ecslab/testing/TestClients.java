package dev.ecslab.testing;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.ssm.SsmClient;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Plain SDK clients for tests: an independent view of the emulator's state, never ecslab's gateways. Dummy
 * credentials and us-east-1 (the emulator accepts any signature and routes on the signing region).
 */
public final class TestClients implements AutoCloseable {
    public static final Region REGION = Region.US_EAST_1;
    public static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));

    private final URI endpoint;
    private final SdkHttpClient http = UrlConnectionHttpClient.create();
    private final List<SdkClient> built = new ArrayList<>();

    public TestClients(URI endpoint) {
        this.endpoint = endpoint;
    }

    public EcsClient ecs() {
        return keep(EcsClient.builder().endpointOverride(endpoint).region(REGION).credentialsProvider(CREDENTIALS)
                .httpClient(http).build());
    }

    public Ec2Client ec2() {
        return keep(Ec2Client.builder().endpointOverride(endpoint).region(REGION).credentialsProvider(CREDENTIALS)
                .httpClient(http).build());
    }

    public ElasticLoadBalancingV2Client elb() {
        return keep(ElasticLoadBalancingV2Client.builder().endpointOverride(endpoint).region(REGION)
                .credentialsProvider(CREDENTIALS).httpClient(http).build());
    }

    public IamClient iam() {
        return keep(IamClient.builder().endpointOverride(endpoint).region(Region.AWS_GLOBAL)
                .credentialsProvider(CREDENTIALS).httpClient(http).build());
    }

    public SsmClient ssm() {
        return keep(SsmClient.builder().endpointOverride(endpoint).region(REGION).credentialsProvider(CREDENTIALS)
                .httpClient(http).build());
    }

    public CloudWatchLogsClient logs() {
        return keep(CloudWatchLogsClient.builder().endpointOverride(endpoint).region(REGION)
                .credentialsProvider(CREDENTIALS).httpClient(http).build());
    }

    private <T extends SdkClient> T keep(T client) {
        synchronized (built) {
            built.add(client);
        }
        return client;
    }

    @Override
    public void close() {
        synchronized (built) {
            built.forEach(SdkClient::close);
            built.clear();
        }
        http.close();
    }
}
