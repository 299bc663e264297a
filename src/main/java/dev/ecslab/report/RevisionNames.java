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
        if (KIND.equals(kindId) && id != null && id.contains(":task-definition/")) {
            return id.substring(id.lastIndexOf('/') + 1);
        }
        return name;
    }
}
