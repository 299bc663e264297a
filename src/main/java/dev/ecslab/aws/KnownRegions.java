package dev.ecslab.aws;

import dev.ecslab.error.UsageException;
import software.amazon.awssdk.regions.Region;

import java.util.Comparator;
import java.util.List;

/**
 * Refuses a region the SDK's metadata does not know before any call: for it the SDK builds an endpoint that does not
 * exist (a wait for DNS, or an emulator's 500 retried eight times), so a typo reads as a network or internal error.
 * An endpoint (--endpoint-url) does not excuse it: an emulator is there to stand in for a real region.
 */
final class KnownRegions {
    private static final int NEAREST = 3;

    private KnownRegions() {
    }

    /**
     * @param subject the name as the user set it: "--region us-east-9", "AWS_REGION=us-east-9", "region us-east-9 of
     *                profile dev"
     * @param fix     what to do, %s standing for the nearest known name: "pass --region %s" ...
     */
    static Region check(Region region, String subject, String fix) {
        List<String> known = Region.regions().stream().filter(r -> !r.isGlobalRegion()).map(Region::id).toList();
        if (known.contains(region.id())) {
            return region;
        }
        List<String> nearest = nearest(region.id(), known);
        throw new UsageException("configure AWS clients: " + subject + " is not a known AWS region; nearest: "
                + String.join(", ", nearest), fix.formatted(nearest.get(0)));
    }

    /** The known names closest to the given one by edit distance, closest first, ties by name. */
    static List<String> nearest(String name, List<String> known) {
        return known.stream().sorted(Comparator.comparingInt((String k) -> distance(name, k))
                .thenComparing(Comparator.naturalOrder())).limit(NEAREST).toList();
    }

    /** Levenshtein distance: the fewest single-character insertions, deletions and substitutions. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
