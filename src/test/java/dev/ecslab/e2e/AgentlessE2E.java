package dev.ecslab.e2e;

import dev.ecslab.testing.Emulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

/**
 * The LocalStack job's run, here and without Docker: the emulator with its ECS agent off (ECSLAB_EMULATOR_NO_AGENT,
 * docs/emulator.md), as on LocalStack no instance registers itself, and the scenario {@link LocalStackE2E} runs —
 * the test as the agent, LocalStack's pass conditions — so that its logic is proven in every test run.
 */
class AgentlessE2E {
    @RegisterExtension
    static final Emulator EMULATOR = new Emulator(Map.of("ECSLAB_EMULATOR_TIME_SCALE", "0.02",
            "ECSLAB_EMULATOR_NO_AGENT", "1"));

    @RegisterExtension
    final LabHome home = new LabHome(EMULATOR);

    @Test
    void the_lab_comes_up_and_goes_with_the_test_as_its_ecs_agent() {
        new AgentlessScenario(home.cli(), EMULATOR.clients(), EMULATOR.endpoint()).runLab("agentless");
    }
}
