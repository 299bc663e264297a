package dev.ecslab.cli;

import dev.ecslab.app.Results;
import dev.ecslab.out.JsonReport;
import dev.ecslab.out.TextReport;

import java.io.PrintWriter;

/** Prints a command's result on stdout, as text or as one JSON document. */
final class Output {
    private final TextReport text;
    private final JsonReport json;

    Output(PrintWriter out, boolean asJson) {
        this.text = asJson ? null : new TextReport(out);
        this.json = asJson ? new JsonReport(out) : null;
    }

    void print(Results.StepResult r) {
        if (json != null) {
            json.print(r);
        } else {
            text.print(r);
        }
    }

    void print(Results.VerifyReport r) {
        if (json != null) {
            json.print(r);
        } else {
            text.print(r);
        }
    }

    void print(Results.CleanupResult r) {
        if (json != null) {
            json.print(r);
        } else {
            text.print(r);
        }
    }

    void print(Results.StatusReport r) {
        if (json != null) {
            json.print(r);
        } else {
            text.print(r);
        }
    }
}
