package dev.ecslab.json;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonTest {
    @Test
    void parses_nested_documents_keeping_key_order() {
        Object v = Json.parse("{\"b\": [1, 2.5, true, null], \"a\": {\"s\": \"x\\\"y\\u00e9\"}}");
        Map<?, ?> m = (Map<?, ?>) v;
        assertEquals(List.of("b", "a"), List.copyOf(m.keySet()));
        assertEquals(java.util.Arrays.asList(1L, new BigDecimal("2.5"), true, null), m.get("b"));
        assertEquals("x\"yé", ((Map<?, ?>) m.get("a")).get("s"));
    }

    @Test
    void round_trips_what_it_writes() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("name", "line\nbreak\t\"quoted\"");
        doc.put("n", 42);
        doc.put("list", List.of(1L, "two", Map.of("k", false)));
        assertEquals(Json.parse(Json.write(doc)), Json.parse(Json.writePretty(doc)));
        assertEquals("{\"name\":\"line\\nbreak\\t\\\"quoted\\\"\",\"n\":42,\"list\":[1,\"two\",{\"k\":false}]}",
                Json.write(doc));
    }

    @Test
    void reports_where_text_is_not_json() {
        Json.ParseException e = assertThrows(Json.ParseException.class, () -> Json.parse("{\n  \"a\": tru }"));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        assertThrows(Json.ParseException.class, () -> Json.parse("{} extra"));
        assertThrows(Json.ParseException.class, () -> Json.parse(""));
        assertThrows(Json.ParseException.class, () -> Json.parse("\"open"));
    }

    @Test
    void refuses_what_a_lenient_reader_would_let_through() {
        Json.ParseException dup = assertThrows(Json.ParseException.class,
                () -> Json.parse("{\"cpu\": 128,\n \"cpu\": 4096}"));
        assertTrue(dup.getMessage().contains("cpu") && dup.getMessage().contains("line 2"), dup.getMessage());
        Json.ParseException zeros = assertThrows(Json.ParseException.class, () -> Json.parse("{\"cpu\": 0128}"));
        assertTrue(zeros.getMessage().contains("line 1, column"), zeros.getMessage());
        assertThrows(Json.ParseException.class, () -> Json.parse("[NaN]"));
    }

    @Test
    void can_say_what_and_where_without_quoting_the_text() {
        for (String text : List.of("AKIASECRET", "{\"AKIASECRET\": 1, \"AKIASECRET\": 2}", "[\"AKIASECRET\n\"]",
                "{\"a\": AKIASECRET}", "[0AKIASECRET]")) {
            Json.ParseException e = assertThrows(Json.ParseException.class, () -> Json.parse(text));
            assertTrue(e.getMessage().contains(" at line "), e.getMessage());
            assertTrue(e.withoutContent().matches("[^'\"]+ at line \\d+, column \\d+"), e.withoutContent());
            assertFalse(e.withoutContent().contains("AKIA"), e.withoutContent());
        }
    }
}
