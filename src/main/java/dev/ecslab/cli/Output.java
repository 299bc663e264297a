package dev.ecslab.cli;

import dev.ecslab.report.JsonReport;
import dev.ecslab.report.Results;
import dev.ecslab.report.RunRecord;
import dev.ecslab.report.TextReport;

import java.io.PrintWriter;
import java.util.function.Supplier;

/** Prints a command's result on stdout, as text or as one JSON document. */
final class Output {
    private final PrintWriter out;
    private final boolean asJson;
    private final Supplier<RunRecord> record;

    /** @param record the run's record, asked for when printing: the command creates it after this */
    Output(PrintWriter out, boolean asJson, Supplier<RunRecord> record) {
        this.out = out;
        this.asJson = asJson;
        this.record = record;
    }

    void print(Results.Result result) {
        if (asJson) {
            JsonReport json = new JsonReport(out, record.get());
            if (result instanceof Results.StepResult r) {
                json.print(r);
            } else if (result instanceof Results.VerifyReport r) {
                json.print(r);
            } else if (result instanceof Results.CleanupResult r) {
                json.print(r);
            } else if (result instanceof Results.StatusReport r) {
                json.print(r);
            }
            return;
        }
        TextReport text = new TextReport(out);
        if (result instanceof Results.StepResult r) {
            text.print(r);
        } else if (result instanceof Results.VerifyReport r) {
            text.print(r);
        } else if (result instanceof Results.CleanupResult r) {
            text.print(r);
        } else if (result instanceof Results.StatusReport r) {
            text.print(r);
        }
    }
}
