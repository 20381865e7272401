package io.ssdstream.trainer.augment;

import io.ssdstream.scenes.RgbImage;

/**
 * torchvision's colour functions ({@code adjust_brightness}, {@code adjust_contrast}, {@code adjust_saturation},
 * {@code adjust_hue}) with their uint8-tensor semantics: each blends in float, clamps to 0-255 and truncates back
 * to 8 bits; grey is {@code 0.2989 R + 0.587 G + 0.114 B}, truncated.
 */
final class ColorAdjustments {

    private ColorAdjustments() {}

    /** Blend with black: {@code factor * pixel}. */
    static RgbImage brightness(RgbImage image, double factor) {
        byte[] in = image.pixels();
        byte[] out = new byte[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = toByte(factor * (in[i] & 0xff));
        }
        return new RgbImage(image.width(), image.height(), out);
    }

    /** Blend with the image's mean grey level. */
    static RgbImage contrast(RgbImage image, double factor) {
        byte[] in = image.pixels();
        double sum = 0;
        for (int i = 0; i < in.length; i += 3) {
            sum += grey(in, i);
        }
        double mean = sum / (in.length / 3);
        byte[] out = new byte[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = toByte(factor * (in[i] & 0xff) + (1 - factor) * mean);
        }
        return new RgbImage(image.width(), image.height(), out);
    }

    /** Blend each pixel with its own grey level. */
    static RgbImage saturation(RgbImage image, double factor) {
        byte[] in = image.pixels();
        byte[] out = new byte[in.length];
        for (int i = 0; i < in.length; i += 3) {
            int grey = grey(in, i);
            for (int c = 0; c < 3; c++) {
                out[i + c] = toByte(factor * (in[i + c] & 0xff) + (1 - factor) * grey);
            }
        }
        return new RgbImage(image.width(), image.height(), out);
    }

    /** Rotate the hue by {@code shift} turns (torchvision allows -0.5 to 0.5) in HSV space. */
    static RgbImage hue(RgbImage image, double shift) {
        byte[] in = image.pixels();
        byte[] out = new byte[in.length];
        double[] hsv = new double[3];
        double[] rgb = new double[3];
        for (int i = 0; i < in.length; i += 3) {
            toHsv((in[i] & 0xff) / 255.0, (in[i + 1] & 0xff) / 255.0, (in[i + 2] & 0xff) / 255.0, hsv);
            double h = (hsv[0] + shift) % 1.0;
            toRgb(h < 0 ? h + 1 : h, hsv[1], hsv[2], rgb);
            for (int c = 0; c < 3; c++) {
                // convert_image_dtype(float -> uint8) scales by 255.999 and truncates
                out[i + c] = toByte(rgb[c] * (256 - 1e-3));
            }
        }
        return new RgbImage(image.width(), image.height(), out);
    }

    /** Output channel {@code c} is input channel {@code order[c]}. */
    static RgbImage permuteChannels(RgbImage image, int[] order) {
        byte[] in = image.pixels();
        byte[] out = new byte[in.length];
        for (int i = 0; i < in.length; i += 3) {
            out[i] = in[i + order[0]];
            out[i + 1] = in[i + order[1]];
            out[i + 2] = in[i + order[2]];
        }
        return new RgbImage(image.width(), image.height(), out);
    }

    private static int grey(byte[] rgb, int i) {
        return (int) (0.2989 * (rgb[i] & 0xff) + 0.587 * (rgb[i + 1] & 0xff) + 0.114 * (rgb[i + 2] & 0xff));
    }

    private static byte toByte(double value) {
        return (byte) (int) Math.max(0, Math.min(255, value));
    }

    /** torchvision's {@code _rgb2hsv}: hue in [0, 1), saturation and value in [0, 1]. */
    private static void toHsv(double r, double g, double b, double[] hsv) {
        double max = Math.max(r, Math.max(g, b));
        double min = Math.min(r, Math.min(g, b));
        double chroma = max - min;
        double h = 0;
        if (chroma > 0) {
            if (max == r) {
                h = ((g - b) / chroma) % 6;
            } else if (max == g) {
                h = (b - r) / chroma + 2;
            } else {
                h = (r - g) / chroma + 4;
            }
            h = h / 6;
            if (h < 0) {
                h += 1;
            }
        }
        hsv[0] = h;
        hsv[1] = max > 0 ? chroma / max : 0;
        hsv[2] = max;
    }

    /** torchvision's {@code _hsv2rgb}. */
    private static void toRgb(double h, double s, double v, double[] rgb) {
        double sector = Math.floor(h * 6);
        double f = h * 6 - sector;
        double p = v * (1 - s);
        double q = v * (1 - s * f);
        double t = v * (1 - s * (1 - f));
        switch ((int) sector % 6) {
            case 0 -> set(rgb, v, t, p);
            case 1 -> set(rgb, q, v, p);
            case 2 -> set(rgb, p, v, t);
            case 3 -> set(rgb, p, q, v);
            case 4 -> set(rgb, t, p, v);
            default -> set(rgb, v, p, q);
        }
    }

    private static void set(double[] rgb, double r, double g, double b) {
        rgb[0] = r;
        rgb[1] = g;
        rgb[2] = b;
    }
}
