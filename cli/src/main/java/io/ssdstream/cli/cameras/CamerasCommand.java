package io.ssdstream.cli.cameras;

import picocli.CommandLine.Command;

/** {@code ssd-stream cameras}: the operator's view of the camera configuration topic. */
@Command(name = "cameras", mixinStandardHelpOptions = true,
        description = "Publish and read the cameras' zones and lines (the compacted camera configuration topic).",
        subcommands = {CameraSetCommand.class, CameraGetCommand.class, CameraListCommand.class,
            CameraDeleteCommand.class})
public final class CamerasCommand {
}
