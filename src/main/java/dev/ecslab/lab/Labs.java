package dev.ecslab.lab;

import dev.ecslab.aws.Gateways;
import dev.ecslab.aws.Names;
import dev.ecslab.report.Reporter;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Every lab in the region (ecslab ls). Candidate names come from each service's own reads, the ones cleanup's
 * inventory already makes: the {@code ecslab:lab} tags of instances and security groups (EC2 filters on the key),
 * and the names ecslab gives clusters, task definition families, load balancers, target groups, log groups and
 * roles, read backwards. A candidate is not trusted — a name is only a name, and a tag anyone may set — so each lab
 * is what its own {@link Inventory} finds, asking every service and checking tag and name: a candidate with nothing
 * found is no lab.
 */
public final class Labs {
    private static final Pattern LAB_NAME = Pattern.compile("[a-z][a-z0-9-]{0,19}");
    /** How many labs are read at once; each inventory asks ten things at once itself. */
    private static final int AT_ONCE = 4;

    /** One lab: what its inventory found, and the inventory (its load balancer and instance type, for the cost). */
    public record Found(String name, List<Inventory.Found> resources, Inventory inventory) { }

    private Labs() {
    }

    /** The labs something in the region is tagged or named for. */
    static Set<String> candidates(Gateways aws) {
        Set<String> names = new TreeSet<>(aws.ec2().labTagValues());
        aws.ecs().clusterNames(Names.PREFIX).forEach(n -> labOf(n, Names::cluster).ifPresent(names::add));
        aws.ecs().taskDefinitionFamilies(Names.PREFIX).forEach(f -> labOf(f, Names::taskFamily)
                .ifPresent(names::add));
        aws.elb().loadBalancerNames().forEach(n -> labOf(n, Names::loadBalancer).ifPresent(names::add));
        aws.elb().targetGroupNames().forEach(n -> labOf(n, Names::targetGroup).ifPresent(names::add));
        aws.logs().listLogGroups(new Names("").logGroup()).forEach(g -> labOf(g.name(), Names::logGroup)
                .ifPresent(names::add));
        aws.iam().roleNames(Names.IAM_PATH).forEach(role -> labOf(role, Names::instanceRole).ifPresent(names::add));
        return names;
    }

    /** The lab that {@code name} is the {@code kind} name of, if any: the name read backwards. */
    static Optional<String> labOf(String name, Function<Names, String> kind) {
        String blank = kind.apply(new Names("")); // e.g. "ecslab--alb": the lab goes where the two parts meet
        int at = blank.indexOf("--") >= 0 ? blank.indexOf("--") + 1 : blank.length();
        String before = blank.substring(0, at);
        String after = blank.substring(at);
        if (name == null || !name.startsWith(before) || !name.endsWith(after)
                || name.length() <= before.length() + after.length()) {
            return Optional.empty();
        }
        String lab = name.substring(before.length(), name.length() - after.length());
        return kind.apply(new Names(lab)).equals(name) ? Optional.of(lab) : Optional.empty();
    }

    /** The labs with anything left, by name. */
    public static List<Found> find(Gateways aws, Reporter reporter) {
        Set<String> names = candidates(aws);
        names.removeIf(n -> n == null || !LAB_NAME.matcher(n).matches()); // someone else's use of a tag or name
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
