package dev.ecslab.cli;

import dev.ecslab.report.JsonReport;
import dev.ecslab.report.Results;
import dev.ecslab.report.RunRecord;
import dev.ecslab.report.TextReport;

import java.io.PrintWriter;
import java.util.List;
import java.util.function.Supplier;

/** Prints a command's result on stdout, as text or as one JSON document. */
final class Output {
    private final PrintWriter out;
    private final boolean asJson;
    private final boolean colour;
    private final boolean verbose;
    private final Supplier<RunRecord> record;

    /** @param record the run's record, asked for when printing: the command creates it after this */
    Output(PrintWriter out, boolean asJson, boolean colour, boolean verbose, Supplier<RunRecord> record) {
        this.out = out;
        this.asJson = asJson;
        this.colour = colour;
        this.verbose = verbose;
        this.record = record;
    }

    void print(Results.Result result) {
        RunRecord run = record.get();
        (asJson ? new JsonReport(out, run) : new TextReport(out, colour, verbose, run == null ? List.of()
                : run.plan())).print(result);
    }
}
