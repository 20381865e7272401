package io.ssdstream.cli.detect;

import io.ssdstream.cli.DetectorArgs;
import io.ssdstream.cli.Json;
import io.ssdstream.job.decode.DecodeLimits;
import io.ssdstream.ssd.detector.Detector;
import io.ssdstream.ssd.io.ModelArtifact;
import io.ssdstream.ssd.postprocess.DetectedObject;
import io.ssdstream.ssd.preprocess.RgbFrame;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ssd-stream detect}: detections for image files, one JSON line per image on stdout. An unreadable image, or
 * one whose header declares more pixels than {@code --max-pixels}, is reported on stderr in one line, the others still
 * run, and the exit code is 1. The model's metadata and every image header are checked before the model loads, so a
 * wrong model or file fails in milliseconds.
 */
@Command(name = "detect", mixinStandardHelpOptions = true,
        description = "Detect objects in images; prints one JSON line per image.")
public final class DetectCommand implements Callable<Integer> {

    @Mixin
    DetectorArgs detector;

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "JPEG, PNG, BMP or GIF files.")
    List<Path> images;

    @Option(names = "--batch-size", defaultValue = "8", paramLabel = "B",
            description = "Images per forward pass. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--annotate", paramLabel = "DIR",
            description = "Also write each image with its boxes, labels and scores drawn, as PNG into DIR.")
    Path annotateDir;

    @Option(names = "--max-pixels", defaultValue = "" + ImageFiles.DEFAULT_MAX_PIXELS, paramLabel = "N",
            description = "Refuse images whose header declares more pixels, before decoding them. Default: "
                    + "${DEFAULT-VALUE}.")
    long maxPixels;

    @Spec
    CommandSpec spec;

    private record Loaded(Path path, BufferedImage pixels) {}

    @Override
    public Integer call() throws Exception {
        if (batchSize < 1) {
            throw new IllegalArgumentException("--batch-size must be at least 1, got " + batchSize);
        }
        if (maxPixels < 1 || maxPixels > DecodeLimits.MAX_PIXELS_PER_ARRAY) {
            throw new IllegalArgumentException("--max-pixels must be in 1.." + DecodeLimits.MAX_PIXELS_PER_ARRAY
                    + " (an image's packed pixels must fit in one array), got " + maxPixels);
        }
        if (annotateDir != null) {
            Files.createDirectories(annotateDir);
        }
        // the artifact's metadata, not its weights: a wrong --model fails in milliseconds, before any image
        ModelArtifact.open(detector.model);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Path> readable = new ArrayList<>(images.size());
        for (Path path : images) {
            try {
                ImageFiles.size(path, maxPixels);
                readable.add(path);
            } catch (IOException e) {
                err.println("ssd-stream detect: " + e.getMessage());
            }
        }
        int failures = images.size() - readable.size();
        if (readable.isEmpty()) {
            return 1;
        }
        try (Detector model = Detector.load(detector.model, detector.options())) {
            List<Loaded> batch = new ArrayList<>(batchSize);
            for (Path path : readable) {
                BufferedImage pixels = read(path, err);
                if (pixels == null) {
                    failures++;
                    continue;
                }
                batch.add(new Loaded(path, pixels));
                if (batch.size() == batchSize) {
                    run(model, batch, out);
                    batch.clear();
                }
            }
            if (!batch.isEmpty()) {
                run(model, batch, out);
            }
        }
        return failures == 0 ? 0 : 1;
    }

    private BufferedImage read(Path path, PrintWriter err) {
        try {
            return ImageFiles.read(path, maxPixels);
        } catch (IOException e) {
            err.println("ssd-stream detect: " + e.getMessage());
            return null;
        }
    }

    private void run(Detector model, List<Loaded> batch, PrintWriter out) throws IOException {
        List<RgbFrame> inputs = new ArrayList<>(batch.size());
        for (Loaded loaded : batch) {
            inputs.add(rgb(loaded.pixels()));
        }
        List<List<DetectedObject>> results = model.detectRgb(inputs);
        for (int i = 0; i < batch.size(); i++) {
            Loaded loaded = batch.get(i);
            out.println(Json.line(record(loaded, results.get(i))));
            if (annotateDir != null) {
                String name = loaded.path().getFileName().toString().replaceFirst("\\.[^.]*$", "") + ".detections.png";
                ImageIO.write(Annotator.draw(loaded.pixels(), results.get(i)), "png", annotateDir.resolve(name).toFile());
            }
        }
        out.flush();
    }

    /** Packed RGB of an image of any ImageIO type. */
    static RgbFrame rgb(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        int[] row = new int[width];
        byte[] rgb = new byte[width * height * 3];
        for (int y = 0; y < height; y++) {
            image.getRGB(0, y, width, 1, row, 0, width);
            for (int x = 0; x < width; x++) {
                int i = (y * width + x) * 3;
                rgb[i] = (byte) (row[x] >> 16);
                rgb[i + 1] = (byte) (row[x] >> 8);
                rgb[i + 2] = (byte) row[x];
            }
        }
        return new RgbFrame(width, height, rgb);
    }

    private static Map<String, Object> record(Loaded loaded, List<DetectedObject> detections) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("image", loaded.path().toString());
        line.put("width", loaded.pixels().getWidth());
        line.put("height", loaded.pixels().getHeight());
        line.put("detections", detections);
        return line;
    }
}
