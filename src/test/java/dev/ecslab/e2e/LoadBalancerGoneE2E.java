package dev.ecslab.e2e;

import dev.ecslab.testing.Cli;
import dev.ecslab.testing.CliResult;
import dev.ecslab.testing.Emulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * verify's wait for the page ends when the load balancer it asks is deleted meanwhile (a cleanup from elsewhere, or
 * by hand): NG with that reason, instead of trying until its budget runs out. The listener goes first, so that the
 * page does not come and verify is waiting when the load balancer goes. The CLI's run limit only catches a hang.
 */
class LoadBalancerGoneE2E {
    @RegisterExtension
    static final Emulator EMULATOR = new Emulator();

    @RegisterExtension
    final LabHome home = new LabHome(EMULATOR);

    @Test
    void verify_stops_waiting_for_a_page_from_a_deleted_load_balancer() throws Exception {
        Cli cli = home.cli();
        cli.run("up", "--lab", "lbgone", "--count", "1").ok();
        ElasticLoadBalancingV2Client elb = EMULATOR.clients().elb();
        String arn = elb.describeLoadBalancers(r -> r.names("ecslab-lbgone-alb")).loadBalancers().get(0)
                .loadBalancerArn();
        elb.describeListeners(r -> r.loadBalancerArn(arn)).listeners()
                .forEach(l -> elb.deleteListener(r -> r.listenerArn(l.listenerArn())));

        Cli.Running verify = cli.start("verify", "--lab", "lbgone");
        verify.awaitStderr("HTTP 200 from", Duration.ofMinutes(2));
        assertTrue(verify.process().isAlive(), "verify ended before it waited for the page:\n" + verify.stderr());
        elb.deleteLoadBalancer(r -> r.loadBalancerArn(arn));
        CliResult r = verify.awaitResult(Duration.ofMinutes(5)).exitedWith(5);
        r.stdoutContains("load balancer ecslab-lbgone-alb was deleted while verify waited for its answer");

        cli.run("cleanup", "--lab", "lbgone", "--yes").ok();
        home.scenario().assertNothingLeft("lbgone");
    }
}
