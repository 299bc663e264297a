package dev.ecslab.app;

import dev.ecslab.aws.AwsCall;
import dev.ecslab.aws.AwsCallException;
import dev.ecslab.aws.Durations;
import dev.ecslab.aws.Names;
import dev.ecslab.error.PreflightException;
import dev.ecslab.lab.Lab;
import dev.ecslab.lab.LabContext;
import dev.ecslab.lab.LogTail;
import dev.ecslab.report.Reporter;
import dev.ecslab.report.Results;
import dev.ecslab.report.Verb;

import java.time.Instant;
import java.util.function.Consumer;

/** logs: the lab's container logs from its log group, each line passed on as it is read. */
final class LogsVerb {
    private final LabAccess access;

    LogsVerb(LabAccess access) {
        this.access = access;
    }

    long run(Lab lab, Reporter reporter, LogTail.Query query, Consumer<Results.LogLine> sink) {
        LabContext ctx = access.context(lab, reporter);
        String group = new Names(lab.name()).logGroup();
        reporter.info(Verb.LOGS.word(), group + (query.task() == null ? "" : ", task " + query.task() + "…")
                + (query.grep() == null ? "" : ", lines containing '" + query.grep() + "'")
                + ", since " + Durations.format(query.since()) + " ago"
                + (query.healthChecks() ? "" : ", health checks hidden (--health-checks shows them)")
                + (query.follow() ? ", following (Ctrl-C stops)" : ""));
        LogTail.Tally tally;
        try {
            tally = new LogTail(ctx.aws().logs(), group).read(query, Instant.now(), sink);
        } catch (AwsCallException e) {
            if (!AwsCall.isNotFound(e)) {
                throw e;
            }
            LabAccess.requireExisting(ctx, Verb.LOGS);
            throw new PreflightException("read logs of lab " + lab.name() + ": log group " + group
                    + " does not exist in " + ctx.caller().region(), "run `" + lab.command(Verb.UP) + "` first; `"
                    + lab.command(Verb.STATUS) + "` shows what exists", e);
        }
        String checks = tally.healthChecks() + " health check" + (tally.healthChecks() == 1 ? "" : "s")
                + " of the load balancer (ELB-HealthChecker)";
        if (tally.printed() == 0) {
            reporter.info(Verb.LOGS.word(), "no lines" + (query.grep() == null ? "" : " containing '" + query.grep()
                    + "'") + (query.task() == null ? "" : " of a task whose id starts with " + query.task())
                    + " in the last " + Durations.format(query.since()) + (tally.healthChecks() == 0
                    ? "; try a longer --since" : " but " + checks + "; --health-checks shows them"));
        } else if (tally.healthChecks() > 0) {
            reporter.info(Verb.LOGS.word(), checks + " hidden; --health-checks shows them");
        }
        return tally.printed();
    }
}
