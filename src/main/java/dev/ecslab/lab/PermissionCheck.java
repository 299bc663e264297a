package dev.ecslab.lab;

import dev.ecslab.aws.AwsCallException;
import dev.ecslab.aws.IamGateway;
import dev.ecslab.report.Results.CheckOutcome;
import dev.ecslab.report.Results.Diagnosis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * doctor's permissions line: whether the caller's IAM policies allow each call the lab makes, asked of IAM's policy
 * simulator with the resource and the request's keys as the run would send them ({@link PermissionRequests}). A
 * caller IAM cannot simulate, or that may not ask, is SKIP: the run would still find out, call by call.
 */
final class PermissionCheck {
    static final String SIMULATE_HINT = "the example policy lets users, and roles named ecslab-*, simulate their "
            + "own policies (iam:SimulatePrincipalPolicy)";

    private final LabContext ctx;
    private Optional<String> principal; // null until principal() looks it up

    PermissionCheck(LabContext ctx) {
        this.ctx = ctx;
    }

    Diagnosis run(String name) {
        String caller = ctx.caller().arn();
        Optional<String> principal;
        try {
            principal = principal();
        } catch (AwsCallException e) {
            return new Diagnosis(name, CheckOutcome.SKIP, "could not check: " + e.getMessage(), SIMULATE_HINT);
        }
        if (principal.isEmpty()) {
            return new Diagnosis(name, CheckOutcome.SKIP, "not checked: IAM simulates the policies of users and "
                    + "roles, not of " + caller, null);
        }
        List<PermissionRequests.Request> requests = PermissionRequests.of(ctx.caller().partition(),
                ctx.caller().region(), ctx.caller().account(), ctx.names(), ctx.lab().what().instanceType(),
                principal.get());
        List<PermissionRequests.Request> denied;
        try {
            denied = denied(principal.get(), requests);
        } catch (AwsCallException e) {
            boolean unknown = "NoSuchEntity".equals(e.errorCode());
            return e.isAccessDenied() || unknown
                    ? new Diagnosis(name, CheckOutcome.SKIP, "could not check: " + e.getMessage(),
                            unknown ? null : SIMULATE_HINT)
                    : new Diagnosis(name, CheckOutcome.NG, e.getMessage(), "try again; if it persists, run with "
                            + "--verbose");
        }
        if (denied.isEmpty()) {
            return new Diagnosis(name, CheckOutcome.OK, "all " + requests.size() + " calls of up, scale and cleanup "
                    + "allowed for " + principal.get() + " (IAM policy simulation)", null);
        }
        String first = denied.stream().limit(3).map(q -> q.action() + " on " + q.resource())
                .collect(Collectors.joining("; "));
        return new Diagnosis(name, CheckOutcome.NG, denied.size() + " of " + requests.size() + " calls denied for "
                + principal.get() + ": " + first + (denied.size() > 3 ? "; …" : ""), "attach "
                + "examples/ecslab-iam-policy.json (docs/iam.md says why each action is there); a denied call stops up "
                + "there and rolls back");
    }

    /** Whether IAM allows the caller {@code request}; empty when IAM cannot or may not say (as {@link #run}'s SKIP). */
    Optional<Boolean> allows(PermissionRequests.Request request) {
        try {
            return principal().map(p -> denied(p, List.of(request)).isEmpty());
        } catch (AwsCallException e) {
            return Optional.empty();
        }
    }

    /** The user or role IAM simulates for the caller, looked up once (a role session's role is a GetRole). */
    private Optional<String> principal() {
        if (principal == null) {
            principal = PermissionRequests.principalOf(ctx.caller().arn(), role -> ctx.aws().iam().findRole(role)
                    .map(IamGateway.RoleInfo::arn));
        }
        return principal;
    }

    /** The requests IAM does not allow: one simulation per context, which crosses its actions and resources. */
    private List<PermissionRequests.Request> denied(String principal, List<PermissionRequests.Request> requests) {
        List<PermissionRequests.Request> denied = new ArrayList<>();
        PermissionRequests.byContext(requests).forEach((context, group) -> {
            Set<String> allowed = ctx.aws().iam().simulate(principal,
                            group.stream().map(PermissionRequests.Request::action).distinct().toList(),
                            group.stream().map(PermissionRequests.Request::resource).distinct().toList(), context)
                    .stream().filter(IamGateway.Decision::allowed).map(d -> key(d.action(), d.resource()))
                    .collect(Collectors.toSet());
            group.stream().filter(q -> !allowed.contains(key(q.action(), q.resource()))).forEach(denied::add);
        });
        return denied;
    }

    /** An action (IAM's names are case-insensitive) on a resource. */
    private static String key(String action, String resource) {
        return action.toLowerCase(Locale.ROOT) + " " + resource;
    }
}
