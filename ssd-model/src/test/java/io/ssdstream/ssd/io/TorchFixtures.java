package io.ssdstream.ssd.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ssdstream.ssd.postprocess.DetectionThresholds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The files scripts/make-torch-fixtures.py wrote with real PyTorch and torchvision (committed under
 * src/test/resources/torch-fixtures), and what that script recorded about them. The constants repeat the script's.
 */
public final class TorchFixtures {

    /** The script's WIDTH and CLASSES: a reduced torchvision ssd300_vgg16. */
    public static final double WIDTH = 0.03125;
    public static final int CLASSES = 4;
    /** The script's IMAGES, each 300x300 RGB. */
    public static final int IMAGES = 2;

    private static final String STEM = "ssd300-w" + WIDTH;
    private static final ObjectMapper JSON = new ObjectMapper();

    private TorchFixtures() {}

    /** A fixture by its kind: fp32.pth, fp16.pth, checkpoint.pth, legacy.pth, legacy-checkpoint.pth, ddp.pth,
     * outputs.safetensors. */
    public static Path file(String kind) {
        String name = "/torch-fixtures/" + STEM + "-" + kind;
        URL url = TorchFixtures.class.getResource(name);
        if (url == null) {
            throw new IllegalStateException("test resource " + name + " is missing; scripts/make-torch-fixtures.py"
                    + " writes it");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Path outputs() {
        return file("outputs.safetensors");
    }

    /** Every key of the fp32 state dict and its shape, as torch listed them when it saved the files. */
    public static Map<String, long[]> stateDictShapes() {
        try {
            JsonNode manifest = JSON.readTree(SafetensorsReader.metadata(outputs()).get("state_dict"));
            LinkedHashMap<String, long[]> shapes = new LinkedHashMap<>();
            manifest.properties().forEach(field -> {
                long[] shape = new long[field.getValue().size()];
                for (int d = 0; d < shape.length; d++) {
                    shape[d] = field.getValue().get(d).asLong();
                }
                shapes.put(field.getKey(), shape);
            });
            return shapes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The postprocessing thresholds the torchvision model had when it made the fixture's detections. */
    public static DetectionThresholds torchvisionThresholds() {
        try {
            Map<String, String> recorded = SafetensorsReader.metadata(outputs());
            return new DetectionThresholds(Double.parseDouble(recorded.get("score_thresh")),
                    Double.parseDouble(recorded.get("nms_thresh")), Integer.parseInt(recorded.get("topk_candidates")),
                    Integer.parseInt(recorded.get("detections_per_img")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
