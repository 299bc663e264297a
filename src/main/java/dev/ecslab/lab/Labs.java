package dev.ecslab.lab;

import dev.ecslab.aws.Gateways;
import dev.ecslab.aws.Names;
import dev.ecslab.aws.Tags;
import dev.ecslab.report.Reporter;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.regex.Pattern;

/**
 * Every lab in the region (ecslab ls). The names come from the {@code ecslab:lab} tags the tagging API lists, and
 * from the roles under /ecslab/, whose names say which lab they were made for (the tagging API does not cover IAM).
 * Neither is trusted alone — the tagging API keeps listing resources deleted a while ago, and a name is only a name —
 * so each lab is what its own {@link Inventory} finds, asking every service and checking the tags: a name with
 * nothing found is no lab.
 */
public final class Labs {
    /** The types the lab creates that the tagging API covers (docs/aws.md §9). */
    static final List<String> TYPES = List.of("ecs:cluster", "ecs:service", "ecs:task-definition", "ec2:instance",
            "ec2:security-group", "elasticloadbalancing:loadbalancer", "elasticloadbalancing:targetgroup",
            "logs:log-group");
    private static final Pattern LAB_NAME = Pattern.compile("[a-z][a-z0-9-]{0,19}");
    /** How many labs are read at once; each inventory asks ten things at once itself. */
    private static final int AT_ONCE = 4;

    /** One lab: what its inventory found, and the inventory (its load balancer and instance type, for the cost). */
    public record Found(String name, List<Inventory.Found> resources, Inventory inventory) { }

    private Labs() {
    }

    /** The labs with anything left, by name. */
    public static List<Found> find(Gateways aws, Reporter reporter) {
        Set<String> names = new TreeSet<>();
        aws.tagging().findTagged(Tags.LAB, TYPES).forEach(t -> names.add(t.tags().get(Tags.LAB)));
        aws.iam().roleNames(Names.IAM_PATH).forEach(role -> Names.labOfInstanceRole(role).ifPresent(names::add));
        names.removeIf(n -> n == null || !LAB_NAME.matcher(n).matches()); // someone else's use of the tag key
        ExecutorService pool = Daemons.pool("ecslab-labs", Math.min(AT_ONCE, names.size()));
        try {
            List<CompletableFuture<Found>> read = names.stream().map(name -> CompletableFuture.supplyAsync(() -> {
                Inventory inventory = new Inventory(aws, name, reporter);
                return new Found(name, inventory.discover(), inventory);
            }, pool)).toList();
            List<Found> labs = new ArrayList<>();
            for (CompletableFuture<Found> lab : read) {
                Found found = Daemons.join(lab);
                if (!found.resources().isEmpty()) {
                    labs.add(found);
                }
            }
            return labs;
        } finally {
            pool.shutdownNow();
        }
    }
}
