package dev.ecslab.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.jr.ob.JSON;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ecslab's JSON — state file, lock file, task definition files, -o json, progress lines — through jackson-jr, so
 * the SDK's internal JSON classes never leak out of aws/. Strict on input, which for --file is the user's: a
 * duplicate key, a malformed number (leading zeros, NaN) or text after the value is refused with its line and
 * column. Objects parse to ordered maps, arrays to lists, whole numbers to Long (BigInteger beyond), others to
 * BigDecimal. Writing takes plain data: Map, Iterable, arrays, strings, numbers, booleans, enums (by name), Instant
 * and Duration (ISO-8601).
 */
public final class Json {
    private static final JSON READ = JSON.std.with(JSON.Feature.USE_BIG_DECIMAL_FOR_FLOATS,
            JSON.Feature.FAIL_ON_DUPLICATE_MAP_KEYS, JSON.Feature.PRESERVE_FIELD_ORDERING);
    private static final JSON WRITE = JSON.std.with(JSON.Feature.WRITE_NULL_PROPERTIES);
    private static final JSON PRETTY = WRITE.with(JSON.Feature.PRETTY_PRINT_OUTPUT);

    private Json() {
    }

    /** Text that is not JSON; the message says what and where (line, column). */
    public static final class ParseException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String withoutContent;

        public ParseException(String message) {
            this(message, message);
        }

        ParseException(String message, String withoutContent) {
            super(message);
            this.withoutContent = withoutContent;
        }

        /**
         * What and where, without the text the parser quotes (a token, a character, a key): the file may hold
         * secrets, and an error message ends up in CI logs.
         */
        public String withoutContent() {
            return withoutContent;
        }
    }

    public static Object parse(String text) {
        try (JsonParser parser = READ.getStreamingFactory().createParser(text)) {
            if (parser.nextToken() == null) {
                throw new ParseException("no JSON value in it");
            }
            Object value = READ.anyFrom(parser);
            if (parser.nextToken() != null) {
                throw new ParseException("unexpected text after the JSON value" + at(parser.currentLocation()));
            }
            return plain(value);
        } catch (JsonProcessingException e) {
            String what = e.getOriginalMessage().lines().findFirst().orElse("not JSON");
            throw new ParseException(what + at(e.getLocation()), unquoted(what) + at(e.getLocation()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String write(Object value) {
        return write(WRITE, value);
    }

    /** Indented, for files people read. */
    public static String writePretty(Object value) {
        return write(PRETTY, value) + "\n";
    }

    private static String write(JSON json, Object value) {
        try {
            return json.asString(writable(value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The parser's words up to the first thing it quotes: "Unrecognized token 'AKIA…'" is "Unrecognized token". */
    private static String unquoted(String message) {
        int cut = message.length();
        for (String quote : List.of("'", "\"", "(", "[", "0x", "`")) {
            int i = message.indexOf(quote);
            if (i >= 0 && i < cut) {
                cut = i;
            }
        }
        String what = message.substring(0, cut).strip().replaceAll("[:,]+$", "");
        return what.isEmpty() ? "not JSON" : what;
    }

    private static String at(JsonLocation where) {
        return where == null ? "" : " at line " + where.getLineNr() + ", column " + where.getColumnNr();
    }

    /** Whole numbers as Long, so readers need to know only Long and BigDecimal. */
    private static Object plain(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(String.valueOf(k), plain(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(x -> out.add(plain(x)));
            return out;
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof BigInteger b && b.bitLength() < 64) {
            return b.longValue();
        }
        return v;
    }

    /** What jackson-jr writes as is: time as ISO-8601 text, enums by name, arrays as lists. */
    private static Object writable(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(String.valueOf(k), writable(x)));
            return out;
        }
        if (v instanceof Iterable<?> it) {
            List<Object> out = new ArrayList<>();
            it.forEach(x -> out.add(writable(x)));
            return out;
        }
        if (v instanceof Object[] a) {
            return writable(Arrays.asList(a));
        }
        if (v instanceof Instant || v instanceof Duration || v instanceof CharSequence) {
            return v.toString();
        }
        if (v instanceof Enum<?> e) {
            return e.name();
        }
        return v;
    }
}
