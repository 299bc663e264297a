package dev.ecslab.app;

import dev.ecslab.aws.AwsCallException;
import dev.ecslab.aws.StsGateway;
import dev.ecslab.error.UsageException;
import dev.ecslab.lab.Doctor;
import dev.ecslab.lab.Lab;
import dev.ecslab.report.Event;
import dev.ecslab.report.Results;
import dev.ecslab.run.RunControl;
import dev.ecslab.testing.FakeAws;
import dev.ecslab.testing.UnitLab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The facade hands each verb to its class, all on the same gateways: a few verbs end to end on in-memory AWS. */
class DefaultEcslabTest {
    @TempDir
    Path dir;

    private final FakeAws aws = new FakeAws();
    private final List<Event> events = Collections.synchronizedList(new ArrayList<>());

    private Lab lab() {
        return UnitLab.lab(dir);
    }

    private DefaultEcslab app() {
        return new DefaultEcslab(lab -> aws.gateways(), new RunControl(), question -> false);
    }

    private void caller() {
        aws.on("sts.whoAmI", args -> new StsGateway.CallerIdentity("123456789012",
                "arn:aws:iam::123456789012:user/t", "AID", "us-east-1"));
        aws.on("elb.endpointOverride", args -> Optional.empty());
    }

    @Test
    void a_task_definition_file_that_is_not_json_is_refused_before_any_aws_call() throws Exception {
        Path file = java.nio.file.Files.writeString(dir.resolve("bad.json"), "{\"family\": ");
        Lab withFile = UnitLab.lab(dir, lab().what().withTaskDefinitionFile(file));
        for (java.util.function.Function<DefaultEcslab, Object> verb : List.<java.util.function.Function<DefaultEcslab,
                Object>>of(app -> app.up(withFile, events::add), app -> app.taskdef(withFile, events::add),
                app -> app.service(withFile, events::add))) {
            UsageException e = assertThrows(UsageException.class, () -> verb.apply(app()));
            assertTrue(e.getMessage().startsWith("read task definition " + file + ": not JSON"), e.getMessage());
        }
        assertEquals(List.of(), aws.calls(), "no AWS call, not even the caller's identity");
    }

    @Test
    void doctor_without_a_region_has_that_check_ng_and_skips_the_rest() {
        DefaultEcslab app = new DefaultEcslab(lab -> {
            throw new AwsCallException("configure", null, "Unable to load region", null, 0, null);
        }, new RunControl(), question -> false);
        Results.DoctorReport report = app.doctor(lab(), events::add);

        assertEquals(Results.CheckOutcome.NG, report.checks().get(0).result());
        assertEquals("configure AWS clients: Unable to load region", report.checks().get(0).evidence());
        assertEquals("pass --region or set AWS_REGION (e.g. us-east-1)", report.checks().get(0).hint());
        List<String> skipped = new ArrayList<>(List.of("credentials"));
        skipped.addAll(Doctor.checkNames("t3.micro"));
        assertEquals(skipped, report.checks().stream().skip(1).map(Results.Diagnosis::name).toList());
        assertTrue(report.checks().stream().skip(1).allMatch(c -> c.result() == Results.CheckOutcome.SKIP
                && c.evidence().equals("needs a region")));
    }

    @Test
    void doctor_without_credentials_has_the_region_ok_and_credentials_ng() {
        aws.on("sts.region", args -> "us-east-1");
        aws.on("sts.whoAmI", args -> {
            throw FakeAws.refusal("get caller identity", "InvalidClientTokenId", "bad");
        });
        Results.DoctorReport report = app().doctor(lab(), events::add);

        assertEquals("us-east-1", report.region());
        assertEquals(new Results.Diagnosis("region", Results.CheckOutcome.OK, "us-east-1", null),
                report.checks().get(0));
        assertEquals(new Results.Diagnosis("credentials", Results.CheckOutcome.NG,
                "check credentials: get caller identity: InvalidClientTokenId: bad",
                "check the credentials of the default chain (`aws sts get-caller-identity`)"), report.checks().get(1));
        assertTrue(report.checks().stream().skip(2).allMatch(c -> c.evidence().equals("needs credentials")));
    }

    @Test
    void status_of_an_empty_lab_says_to_run_up() {
        caller();
        aws.emptyLab();
        Results.StatusReport report = app().status(lab(), events::add);

        assertEquals(new Results.StatusReport("x", "us-east-1", List.of(), report.cost(), null,
                List.of("ecslab up --lab x --region us-east-1")), report);
    }

    @Test
    void cleanup_of_an_empty_lab_deletes_nothing_and_says_so() {
        caller();
        aws.emptyLab();
        Results.CleanupResult result = app().cleanup(lab(), events::add);

        assertTrue(result.nothingFound());
        assertEquals(List.of(), result.deleted());
        assertTrue(events.stream().anyMatch(e -> e.toString().contains("nothing of lab x exists in us-east-1")),
                events::toString);
    }
}
