package dev.ecslab.report;

/**
 * A task definition as people name it in text output: "ecslab-a-web:3", its family and revision, read from its ARN
 * — the family alone would make every revision of the lab one name. JSON keeps the family as name and the ARN as id.
 */
final class RevisionNames {
    private static final String KIND = "task-definition";

    private RevisionNames() {
    }

    /** The name to show: "family:revision" for a task definition whose ARN is known, else the name itself. */
    static String shown(String kindId, String name, String id) {
        String revision = KIND.equals(kindId) ? of(id) : null;
        return revision == null ? name : revision;
    }

    /** "family:revision" of a task definition ARN; null for anything else. */
    static String of(String arn) {
        return arn != null && arn.contains(":task-definition/") ? arn.substring(arn.lastIndexOf('/') + 1) : null;
    }
}
