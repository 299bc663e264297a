package dev.ecslab.cli;

import dev.ecslab.aws.SdkGateways;
import picocli.CommandLine.IVersionProvider;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * ecslab's version and the commit it was built from (the build writes them into dev/ecslab/build.properties), the
 * Java running it and the AWS SDK's version: what a bug report needs. "dev" when run without that file.
 */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        Properties build = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream("/dev/ecslab/build.properties")) {
            if (in != null) {
                build.load(in);
            }
        } catch (IOException e) {
            // as without the file
        }
        String commit = build.getProperty("git.commit.id.abbrev", "");
        return new String[] {
            "ecslab " + build.getProperty("git.build.version", "dev") + " (commit "
                    + (commit.isEmpty() ? "unknown" : commit) + ("true".equals(build.getProperty("git.dirty"))
                    ? ", with uncommitted changes" : "") + ")",
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ", "
                    + System.getProperty("java.vm.name") + ")",
            "AWS SDK for Java " + SdkGateways.sdkVersion()};
    }
}
