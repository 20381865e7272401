package io.ssdstream.deploy.job;

import io.ssdstream.job.DetectionJobMain;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;

/** Arguments for the job's main class, checked by the job's own option parser without running anything. */
public final class JobArguments {

    private JobArguments() {
    }

    /** The main class a deployment must name. */
    public static String mainClass() {
        return DetectionJobMain.class.getName();
    }

    /** Why the job would refuse these arguments at start-up, or empty when it accepts them. */
    public static Optional<String> problem(List<String> arguments) {
        try {
            new CommandLine(new DetectionJobMain()).parseArgs(arguments.toArray(String[]::new));
            return Optional.empty();
        } catch (CommandLine.ParameterException e) {
            return Optional.of(e.getMessage());
        }
    }
}
