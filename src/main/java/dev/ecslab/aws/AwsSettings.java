package dev.ecslab.aws;

import java.net.URI;

/**
 * Where and as whom to call AWS. Null fields fall back to the SDK's default chains (AWS_REGION, AWS_PROFILE,
 * ~/.aws/config, AWS_ENDPOINT_URL ...), so the usual AWS conventions keep working.
 */
public record AwsSettings(String region, String profile, URI endpoint) {
}
