package io.ssdstream.trainer.augment;

import io.ssdstream.scenes.Annotation;
import io.ssdstream.scenes.PixelBox;
import io.ssdstream.scenes.RgbImage;
import io.ssdstream.scenes.Sample;
import java.util.List;

/** Small images whose pixels encode their own coordinates, so a test can tell where each pixel went. */
final class Scenes {

    private Scenes() {}

    /** Pixel (x, y) has red x, green y, blue 7. */
    static RgbImage coordinates(int width, int height) {
        byte[] pixels = new byte[3 * width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = 3 * (y * width + x);
                pixels[i] = (byte) x;
                pixels[i + 1] = (byte) y;
                pixels[i + 2] = 7;
            }
        }
        return new RgbImage(width, height, pixels);
    }

    static Sample sample(RgbImage image, PixelBox... boxes) {
        List<Annotation> objects = java.util.stream.IntStream.range(0, boxes.length)
                .mapToObj(i -> Annotation.of(i + 1, boxes[i])).toList();
        return new Sample("scene", image, objects);
    }
}
