package dev.ecslab.e2e;

import dev.ecslab.testing.Cli;
import dev.ecslab.testing.CliResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Where credentials or the region are missing, the packaged CLI says so in one line and one hint, exit 3, before any
 * AWS call (nothing listens at the endpoint): an IAM Identity Center (SSO) profile without a token says how to log
 * in; an empty provider chain is not dumped.
 */
class CredentialsE2E {
    @TempDir
    Path home;

    private Cli cli;

    @BeforeEach
    void setUp() throws IOException {
        cli = new Cli(URI.create("http://127.0.0.1:9"), home).env("AWS_ACCESS_KEY_ID", null)
                .env("AWS_SECRET_ACCESS_KEY", null);
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(home.resolve(".aws/config"), """
                [profile dev]
                sso_session = corp
                sso_account_id = 123456789012
                sso_role_name = Admin
                region = us-east-1

                [sso-session corp]
                sso_start_url = https://corp.awsapps.com/start
                sso_region = us-east-1
                sso_registration_scopes = sso:account:access
                """);
    }

    private static void twoLines(CliResult r, String message, String hint) {
        r.exitedWith(3);
        assertEquals(List.of("ecslab: " + message, "hint: " + hint), r.stderr().strip().lines().toList(), r::toString);
    }

    @Test
    void an_sso_profile_without_a_token_says_how_to_log_in() {
        twoLines(cli.run("status", "--lab", "creds", "--profile", "dev"), "check credentials: profile dev signs in "
                + "through AWS IAM Identity Center (SSO) and has no valid token", "run `aws sso login --profile dev`, "
                + "then try again");
        twoLines(cli.env("AWS_PROFILE", "dev").run("status", "--lab", "creds"), "check credentials: profile dev signs "
                + "in through AWS IAM Identity Center (SSO) and has no valid token", "run `aws sso login --profile "
                + "dev`, then try again");
    }

    @Test
    void no_credentials_and_no_region_are_one_line_each() {
        twoLines(cli.run("status", "--lab", "creds"), "check credentials: none found (environment, profile default, "
                + "web identity, container or instance role)", "configure credentials: aws configure, AWS_PROFILE, "
                + "or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY");
        twoLines(cli.env("AWS_REGION", null).run("status", "--lab", "creds"), "configure AWS clients: no region "
                + "configured", "pass --region or set AWS_REGION (e.g. us-east-1)");
    }
}
