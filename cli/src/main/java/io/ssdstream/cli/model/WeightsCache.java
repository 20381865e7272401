package io.ssdstream.cli.model;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where downloaded weights are kept between pulls, in the order the first one set wins: {@code --cache-dir},
 * {@code $SSD_STREAM_WEIGHTS_CACHE}, {@code $XDG_CACHE_HOME/ssd-stream/weights}, {@code ~/.cache/ssd-stream/weights}
 * (torch.hub keeps its own under {@code ~/.cache/torch} the same way).
 */
final class WeightsCache {

    static final String ENVIRONMENT_VARIABLE = "SSD_STREAM_WEIGHTS_CACHE";

    private WeightsCache() {}

    static Path directory(Path option, Map<String, String> environment, String userHome) {
        if (option != null) {
            return option;
        }
        String configured = environment.get(ENVIRONMENT_VARIABLE);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        String xdg = environment.get("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(userHome, ".cache");
        return base.resolve("ssd-stream").resolve("weights");
    }
}
