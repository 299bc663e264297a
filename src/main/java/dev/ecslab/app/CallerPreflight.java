package dev.ecslab.app;

import dev.ecslab.aws.AwsCallException;
import dev.ecslab.aws.Gateways;
import dev.ecslab.aws.NotAwsException;
import dev.ecslab.aws.RunTimedOutException;
import dev.ecslab.aws.StsGateway;
import dev.ecslab.error.PreflightException;
import dev.ecslab.lab.Lab;
import dev.ecslab.report.ShellWords;

import java.util.ArrayList;
import java.util.List;

/**
 * The first call of every command, STS's "who am I", and the diagnosis when it fails: whether the endpoint, the
 * network or the credentials are to blame, each with the one thing to do. SDK-free: it reads only the gateway's
 * exceptions, so the SDK stays in aws/.
 */
final class CallerPreflight {
    private CallerPreflight() {
    }

    static StsGateway.CallerIdentity whoAmI(Gateways aws, Lab lab) {
        try {
            return aws.sts().whoAmI();
        } catch (NotAwsException e) { // something answered, but not AWS: the endpoint is wrong, not the credentials
            throw new PreflightException("reach AWS" + (e.endpoint() == null ? "" : " at " + e.endpoint())
                    + ": it answered " + e.answer(), "check --endpoint-url / AWS_ENDPOINT_URL: it must "
                    + "be an AWS endpoint or an AWS emulator (`scripts/emulator start` starts one)", e);
        } catch (AwsCallException e) {
            if (e.networkFailure()) { // nothing answered: the endpoint is the problem, not the credentials
                throw new PreflightException(e.awsMessage().replaceFirst("^could not reach", "reach"),
                        e.networkHint() != null ? e.networkHint() : "check --endpoint-url / AWS_ENDPOINT_URL and "
                        + "your network", e);
            }
            if (e.unreachable()) { // no request was sent: the SDK found no credentials (or no such profile) here
                throw noCredentials(lab, String.valueOf(e.awsMessage()), e);
            }
            String code = String.valueOf(e.errorCode());
            String profile = lab.where().profile();
            String hint = code.contains("Expired") ? "your credentials have expired; log in again (e.g. `"
                    + awsCommand(profile, "sso", "login") + "`)" : "check the credentials of "
                    + (profile == null ? "the default chain" : "profile " + profile) + " (`"
                    + awsCommand(profile, "sts", "get-caller-identity") + "`)";
            throw new PreflightException("check credentials: " + e.getMessage(), hint, e);
        } catch (RunTimedOutException e) {
            throw e; // --timeout ran out: the run's own failure, not the credentials'
        } catch (RuntimeException e) {
            throw new PreflightException("check credentials: " + e.getMessage(), credentialsHint(lab), e);
        }
    }

    /**
     * One short line and one hint: an IAM Identity Center (SSO) profile without a valid token says how to log in; a
     * provider chain that found nothing is not dumped (--verbose shows it).
     */
    private static PreflightException noCredentials(Lab lab, String why, AwsCallException e) {
        String profile = lab.where().profile() != null ? lab.where().profile() : System.getenv("AWS_PROFILE");
        if (why.contains("SSO")) {
            return new PreflightException("check credentials: profile " + (profile == null ? "default" : profile)
                    + " signs in through AWS IAM Identity Center (SSO) and has no valid token",
                    "run `" + awsCommand(profile, "sso", "login") + "`, then try again", e);
        }
        if (why.contains("providers in the chain")) {
            why = "none found (environment, profile " + (profile == null ? "default" : profile) + ", web identity, "
                    + "container or instance role)";
        }
        return new PreflightException("check credentials: " + why, credentialsHint(lab), e);
    }

    private static String credentialsHint(Lab lab) {
        String profile = lab.where().profile();
        return profile != null
                ? "check that profile " + profile + " exists and has credentials (`aws configure list-profiles`; "
                + "for SSO: `" + awsCommand(profile, "sso", "login") + "`)"
                : "configure credentials: aws configure, AWS_PROFILE, or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY";
    }

    /** An AWS CLI command for the user to paste, with --profile when one is named. */
    private static String awsCommand(String profile, String... words) {
        List<String> line = new ArrayList<>(List.of("aws"));
        line.addAll(List.of(words));
        if (profile != null) {
            line.addAll(List.of("--profile", profile));
        }
        return ShellWords.line(line);
    }
}
