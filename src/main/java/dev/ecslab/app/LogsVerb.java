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
                + ", since " + Durations.format(query.since()) + " ago"
                + (query.follow() ? ", following (Ctrl-C stops)" : ""));
        long lines;
        try {
            lines = new LogTail(ctx.aws().logs(), group).read(query, Instant.now(), sink);
        } catch (AwsCallException e) {
            if (!AwsCall.isNotFound(e)) {
                throw e;
            }
            throw new PreflightException("read logs of lab " + lab.name() + ": log group " + group
                    + " does not exist in " + ctx.caller().region(), "run `" + lab.command(Verb.UP) + "` first; `"
                    + lab.command(Verb.STATUS) + "` shows what exists", e);
        }
        if (lines == 0) {
            reporter.info(Verb.LOGS.word(), "no lines" + (query.task() == null ? "" : " of a task whose id starts with "
                    + query.task()) + " in the last " + Durations.format(query.since()) + "; try a longer --since");
        }
        return lines;
    }
}
