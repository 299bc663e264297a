package dev.ecslab.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them: 90s, 15m, 1h, 1h30m, 1d (or ISO-8601, PT15M). */
final class DurationConverter implements ITypeConverter<Duration> {
    private static final Pattern HUMAN = Pattern.compile("(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");

    @Override
    public Duration convert(String value) {
        Matcher m = HUMAN.matcher(value.trim());
        if (!value.isBlank() && m.matches() && (m.group(1) != null || m.group(2) != null || m.group(3) != null
                || m.group(4) != null)) {
            try {
                return Duration.ofDays(n(m.group(1))).plusHours(n(m.group(2))).plusMinutes(n(m.group(3)))
                        .plusSeconds(n(m.group(4)));
            } catch (ArithmeticException | NumberFormatException e) { // more digits than a long, or than a Duration
                throw new TypeConversionException("'" + value + "' is too long a duration; write e.g. 90s, 15m or 1h");
            }
        }
        try {
            return Duration.parse(value);
        } catch (RuntimeException e) {
            throw new TypeConversionException("'" + value + "' is not a duration; write e.g. 90s, 15m or 1h");
        }
    }

    private static long n(String s) {
        return s == null ? 0 : Long.parseLong(s);
    }
}
