package dev.ecslab.report;

/** Renders each kind of result: as text for people (TextReport) or as the JSON document (JsonReport). */
public interface ResultPrinter {
    void print(Results.StepResult r);

    void print(Results.VerifyReport r);

    void print(Results.CleanupResult r);

    void print(Results.StatusReport r);

    void print(Results.LabsReport r);

    void print(Results.DoctorReport r);

    /** Whichever kind {@code result} is. */
    default void print(Results.Result result) {
        if (result instanceof Results.StepResult r) {
            print(r);
        } else if (result instanceof Results.VerifyReport r) {
            print(r);
        } else if (result instanceof Results.CleanupResult r) {
            print(r);
        } else if (result instanceof Results.StatusReport r) {
            print(r);
        } else if (result instanceof Results.LabsReport r) {
            print(r);
        } else if (result instanceof Results.DoctorReport r) {
            print(r);
        }
    }
}
