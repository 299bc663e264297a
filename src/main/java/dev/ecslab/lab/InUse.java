package dev.ecslab.lab;

import dev.ecslab.state.ResourceRef.Kind;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which of a rollback's targets the rest of the lab still uses. Two runs of one lab (two machines) share what
 * they find: the run that fails must not pull a security group, a target group or an instance out from under the
 * other's service. Coarse on purpose — by kind, within one lab, except the task definitions a service names — and
 * applied until nothing changes, so whatever a kept resource needs is kept too.
 */
public final class InUse {
    /** kind → the kinds of lab resources that use a resource of that kind. */
    private static final Map<Kind, Set<Kind>> USED_BY = new EnumMap<>(Map.of(
            Kind.SERVICE, Set.of(),
            Kind.INSTANCE, Set.of(Kind.SERVICE),
            Kind.LOAD_BALANCER, Set.of(Kind.SERVICE),
            Kind.TARGET_GROUP, Set.of(Kind.SERVICE, Kind.LOAD_BALANCER),
            Kind.CLUSTER, Set.of(Kind.SERVICE, Kind.INSTANCE),
            Kind.INSTANCE_SECURITY_GROUP, Set.of(Kind.INSTANCE),
            Kind.ALB_SECURITY_GROUP, Set.of(Kind.LOAD_BALANCER, Kind.INSTANCE_SECURITY_GROUP),
            Kind.TASK_DEFINITION, Set.of(Kind.SERVICE),
            Kind.LOG_GROUP, Set.of(Kind.SERVICE, Kind.TASK_DEFINITION),
            Kind.INSTANCE_PROFILE, Set.of(Kind.INSTANCE)));

    static {
        USED_BY.put(Kind.INSTANCE_ROLE, Set.of(Kind.INSTANCE, Kind.INSTANCE_PROFILE));
    }

    private InUse() {
    }

    /**
     * Splits {@code targets} into what can go and what must stay because something in {@code staying} (the lab's
     * resources that are not targets) uses it; returns the kept ones, each with the resource that uses it.
     */
    public static Map<Inventory.Found, Inventory.Found> keep(List<Inventory.Found> targets,
                                                              List<Inventory.Found> staying) {
        List<Inventory.Found> stays = new ArrayList<>(staying.stream().filter(InUse::live).toList());
        Map<Inventory.Found, Inventory.Found> kept = new LinkedHashMap<>();
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Inventory.Found target : targets) {
                if (kept.containsKey(target)) {
                    continue;
                }
                Set<Kind> users = USED_BY.getOrDefault(target.kind(), Set.of());
                for (Inventory.Found other : stays) {
                    if (users.contains(other.kind()) && mayUse(other, target)) {
                        kept.put(target, other);
                        stays.add(target);
                        changed = true;
                        break;
                    }
                }
            }
        }
        return kept;
    }

    /** By kind, unless the user says what it uses: a service names the task definitions it runs. */
    private static boolean mayUse(Inventory.Found user, Inventory.Found target) {
        return user.uses().isEmpty() || target.kind() != Kind.TASK_DEFINITION || user.uses().contains(target.id());
    }

    /** A deregistered revision, a draining service or a terminating instance uses nothing any more. */
    private static boolean live(Inventory.Found f) {
        String state = f.state() == null ? "" : f.state();
        return !state.startsWith("INACTIVE") && !state.startsWith("DRAINING") && !state.startsWith("shutting-down")
                && !state.startsWith("stopping") && !state.startsWith("stopped");
    }
}
