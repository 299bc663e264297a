package dev.ecslab.aws;

import dev.ecslab.testing.TestClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * An endpoint that is some other web server: each shape of its answer is a {@link NotAwsException} naming where the
 * request went and what came back, asked once (no retries), never a response of nulls or an unmarshalling failure.
 */
class NotAwsAnswerTest {
    private static final String PAGE = "<!DOCTYPE html><html><body><h1>It works</h1></body></html>";
    private final StubAws stub = new StubAws();

    @AfterEach
    void stop() {
        stub.close();
    }

    private NotAwsException whoAmI(Consumer<StubAws> answers) {
        answers.accept(stub);
        answers.accept(stub); // a retry would take the second
        StsGateway sts = SdkGateways.create(new AwsSettings("us-east-1", null, stub.endpoint()),
                TestClients.CREDENTIALS).sts();
        NotAwsException e = assertThrows(NotAwsException.class, sts::whoAmI);
        assertEquals(1, stub.unanswered(), "asked once");
        assertEquals(stub.endpoint(), e.endpoint());
        return e;
    }

    @Test
    void a_web_page_that_reads_as_xml() {
        NotAwsException e = whoAmI(s -> s.answer(200, "text/html; charset=utf-8", PAGE));
        assertEquals("get caller identity: " + stub.endpoint() + " answered HTTP 200 with a web page, which no AWS "
                + "API sends", e.getMessage());
        assertEquals("HTTP 200 with a web page, which no AWS API sends", e.answer());
    }

    @Test
    void a_web_page_that_is_no_xml() {
        whoAmI(s -> s.answer(200, "text/plain", "\uFEFF\n  <HTML><body>hi<br></body></HTML>"));
    }

    @Test
    void a_web_page_that_says_not_found() {
        NotAwsException e = whoAmI(s -> s.answer(404, "text/html", "<html><body>Not here</body></html>"));
        assertEquals(404, e.statusCode());
    }

    @Test
    void aws_s_answer_under_the_content_type_of_a_web_page_is_still_read_as_emulators_send_it() {
        stub.answer(200, "text/html; charset=utf-8", "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/"
                + "2011-06-15/\"><GetCallerIdentityResult><UserId>AID</UserId><Account>123456789012</Account>"
                + "<Arn>arn:aws:iam::123456789012:user/u</Arn></GetCallerIdentityResult></GetCallerIdentityResponse>");
        StsGateway sts = SdkGateways.create(new AwsSettings("us-east-1", null, stub.endpoint()),
                TestClients.CREDENTIALS).sts();
        assertEquals("123456789012", sts.whoAmI().account());
    }

    @Test
    void an_xml_answer_without_the_identity() {
        NotAwsException e = whoAmI(s -> s.answer(200, "text/xml", "<Hello/>"));
        assertEquals("HTTP 200 without the caller's account and ARN, which AWS always sends", e.answer());
    }
}
