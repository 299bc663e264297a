package dev.ecslab.app;

import dev.ecslab.aws.AwsCallException;
import dev.ecslab.aws.StsGateway;
import dev.ecslab.error.PreflightException;
import dev.ecslab.lab.Lab;
import dev.ecslab.testing.FakeAws;
import dev.ecslab.testing.UnitLab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Which of endpoint, network and credentials a failed "who am I" blames, and the one thing it says to do. */
class CallerPreflightTest {
    @TempDir
    Path dir;

    private final FakeAws aws = new FakeAws();

    private Lab lab(String profile) {
        return UnitLab.lab(dir, profile);
    }

    private PreflightException failing(RuntimeException e, String profile) {
        aws.on("sts.whoAmI", args -> {
            throw e;
        });
        return assertThrows(PreflightException.class, () -> CallerPreflight.whoAmI(aws.gateways(), lab(profile)));
    }

    @Test
    void the_caller_is_who_sts_says() {
        StsGateway.CallerIdentity caller = new StsGateway.CallerIdentity("123456789012",
                "arn:aws:iam::123456789012:user/t", "AID", "us-east-1");
        aws.on("sts.whoAmI", args -> caller);
        assertSame(caller, CallerPreflight.whoAmI(aws.gateways(), lab(null)));
    }

    @Test
    void an_sso_profile_without_a_token_is_told_to_log_in_its_name_quoted_for_a_shell() {
        PreflightException e = failing(new AwsCallException("get caller identity", null,
                "Unable to load credentials: the SSO session has expired", null, 0, null), "dev lab");
        assertEquals("check credentials: profile dev lab signs in through AWS IAM Identity Center (SSO) and has no "
                + "valid token", e.getMessage());
        assertEquals("run `aws sso login --profile 'dev lab'`, then try again", e.hint());
    }

    @Test
    void an_empty_provider_chain_is_one_line_not_the_sdk_list() {
        PreflightException e = failing(new AwsCallException("get caller identity", null,
                "Unable to load credentials from any of the providers in the chain AwsCredentialsProviderChain(...)",
                null, 0, null), "p");
        assertEquals("check credentials: none found (environment, profile p, web identity, container or instance "
                + "role)", e.getMessage());
        assertEquals("check that profile p exists and has credentials (`aws configure list-profiles`; for SSO: "
                + "`aws sso login --profile p`)", e.hint());
    }

    @Test
    void expired_credentials_are_told_to_log_in_again() {
        PreflightException e = failing(FakeAws.refusal("get caller identity", "ExpiredToken", "expired"), null);
        assertEquals("check credentials: get caller identity: ExpiredToken: expired", e.getMessage());
        assertEquals("your credentials have expired; log in again (e.g. `aws sso login`)", e.hint());
    }

    @Test
    void other_refused_credentials_name_the_chain_or_profile_to_check() {
        assertEquals("check the credentials of the default chain (`aws sts get-caller-identity`)",
                failing(FakeAws.refusal("get caller identity", "InvalidClientTokenId", "bad"), null).hint());
        assertEquals("check the credentials of profile p (`aws sts get-caller-identity --profile p`)",
                failing(FakeAws.refusal("get caller identity", "InvalidClientTokenId", "bad"), "p").hint());
    }

    @Test
    void an_endpoint_that_does_not_answer_is_blamed_not_the_credentials() {
        AwsCallException refused = new AwsCallException("get caller identity",
                "could not reach AWS at http://127.0.0.1:1: nothing is listening there", "is the endpoint right?",
                null);
        PreflightException local = failing(refused, null);
        assertEquals("reach AWS at http://127.0.0.1:1: nothing is listening there", local.getMessage());
        assertEquals("is the endpoint right?", local.hint());

        AwsCallException unexplained = new AwsCallException("get caller identity", null,
                "could not reach http://127.0.0.1:1/: Connection refused", null, 0, true, null);
        assertEquals("check --endpoint-url / AWS_ENDPOINT_URL and your network", failing(unexplained, null).hint());
    }

    @Test
    void anything_else_is_a_credentials_failure_with_how_to_configure_them() {
        PreflightException e = failing(new IllegalStateException("boom"), null);
        assertEquals("check credentials: boom", e.getMessage());
        assertEquals("configure credentials: aws configure, AWS_PROFILE, or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY",
                e.hint());
    }
}
