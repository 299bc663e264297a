package dev.ecslab.aws;

import dev.ecslab.testing.Emulator;
import dev.ecslab.testing.TestClients;

import java.util.UUID;

/** ecslab's own SDK gateways, wired as in production, pointed at a test's emulator with dummy credentials. */
final class EmulatorGateways {
    private EmulatorGateways() {
    }

    static Gateways of(Emulator emulator) {
        return of(emulator, TestClients.REGION.id());
    }

    static Gateways of(Emulator emulator, String region) {
        return SdkGateways.create(new AwsSettings(region, null, emulator.endpoint()), TestClients.CREDENTIALS);
    }

    /** A lab name no other test uses: lowercase, short enough for load balancer names. */
    static String uniqueLab() {
        return "it" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    }
}
