package io.ssdstream.scenes;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.QuadCurve2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws one procedural scene: a cluttered gradient background, one or more objects of four shape classes with
 * random size, aspect, colour and position, later objects partly covering earlier ones, and sensor-like Gaussian
 * noise over everything. Each object's box is the exact geometric extent of the shape that was filled.
 *
 * <p>Clutter (thin strokes, curves, specks) is kept below the smallest object size so that it can be confused with
 * an object only the way real background texture is, not by being one.
 */
public final class SceneRenderer {

    /** The object classes, in label order: label {@code i} is {@code CLASSES.get(i - 1)}, 0 is background. */
    public static final List<String> CLASSES = List.of("disc", "block", "triangle", "cross");
    /** Each class's colour in colour-coded styles: red, green, blue, yellow. */
    private static final List<Color> CLASS_COLOURS = List.of(
            new Color(220, 40, 40), new Color(40, 180, 60), new Color(40, 70, 220), new Color(230, 200, 30));

    private static final int MIN_SIDE = 240;
    private static final int MAX_SIDE = 400;
    private static final float MAX_OBJECT_FRACTION = 0.75f;
    private static final float MAX_HIDDEN_FRACTION = 0.5f;
    private static final int PLACEMENT_TRIALS = 50;

    private record Placed(int label, PixelBox box) {}

    private SceneRenderer() {}

    /** A scene of random size, drawn from {@code random}: the same stream gives the same scene. */
    public static Sample render(String id, SceneStyle style, SplittableRandom random) {
        int width = random.nextInt(MIN_SIDE, MAX_SIDE + 1);
        int height = random.nextInt(MIN_SIDE, MAX_SIDE + 1);
        BufferedImage canvas = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = canvas.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        background(g, width, height, style, random);
        List<Placed> placed = new ArrayList<>();
        int wanted = random.nextInt(1, style.maxObjects() + 1);
        for (int n = 0; n < wanted; n++) {
            PixelBox box = place(width, height, style.minObjectSide(), placed, random);
            if (box == null) {
                continue;
            }
            int label = random.nextInt(CLASSES.size()) + 1;
            g.setPaint(objectPaint(label, box, style, random));
            g.fill(shape(label, box, random));
            placed.add(new Placed(label, box));
        }
        g.dispose();
        RgbImage image = addNoise(RgbImage.of(canvas), style.maxNoise(), random);
        return new Sample(id, image, placed.stream().map(p -> Annotation.of(p.label(), p.box())).toList());
    }

    /** A box that hides at most half of any earlier object, or null when none fits after a few trials. */
    private static PixelBox place(int width, int height, float minSide, List<Placed> placed,
            SplittableRandom random) {
        float maxSide = MAX_OBJECT_FRACTION * Math.min(width, height);
        for (int trial = 0; trial < PLACEMENT_TRIALS; trial++) {
            // log-uniform size: as many small objects as large ones, the hard case for SSD
            float side = (float) Math.exp(random.nextDouble(Math.log(minSide), Math.log(maxSide)));
            float aspect = (float) Math.exp(random.nextDouble(Math.log(0.5), Math.log(2.0)));
            float w = Math.min(side * (float) Math.sqrt(aspect), 0.95f * width);
            float h = Math.min(side / (float) Math.sqrt(aspect), 0.95f * height);
            float x = (float) random.nextDouble(0, width - w);
            float y = (float) random.nextDouble(0, height - h);
            PixelBox box = new PixelBox(x, y, x + w, y + h);
            boolean hidesTooMuch = false;
            for (Placed earlier : placed) {
                hidesTooMuch |= box.intersectionArea(earlier.box()) > MAX_HIDDEN_FRACTION * earlier.box().area();
            }
            if (!hidesTooMuch) {
                return box;
            }
        }
        return null;
    }

    /** The outline of an object of class {@code label} (1-based) that exactly fills {@code b}. */
    static Shape shape(int label, PixelBox b, SplittableRandom random) {
        float x = b.x1();
        float y = b.y1();
        float w = b.width();
        float h = b.height();
        return switch (CLASSES.get(label - 1)) {
            case "disc" -> new Ellipse2D.Float(x, y, w, h);
            case "block" -> new Rectangle2D.Float(x, y, w, h);
            case "triangle" -> {
                Path2D.Float path = new Path2D.Float();
                path.moveTo(x, y + h);
                path.lineTo(x + w, y + h);
                path.lineTo(x + w * (float) random.nextDouble(0.2, 0.8), y);
                path.closePath();
                yield path;
            }
            case "cross" -> {
                float bar = (float) random.nextDouble(0.25, 0.4);
                Area cross = new Area(new Rectangle2D.Float(x, y + h * (0.5f - bar / 2), w, h * bar));
                cross.add(new Area(new Rectangle2D.Float(x + w * (0.5f - bar / 2), y, w * bar, h)));
                yield cross;
            }
            default -> throw new IllegalStateException("no shape for class " + label);
        };
    }

    /** How an object is filled: its class colour in colour-coded styles, any vivid colour or gradient otherwise. */
    static java.awt.Paint objectPaint(int label, PixelBox b, SceneStyle style, SplittableRandom random) {
        if (style.colourCoded()) {
            return CLASS_COLOURS.get(label - 1);
        }
        Color color = vividColor(random);
        if (random.nextDouble() < 0.7) {
            return color;
        }
        return new GradientPaint(b.x1(), b.y1(), color, b.x2(), b.y2(), vividColor(random));
    }

    /** A fixed background for a scene in motion, drawn once and painted under every frame. */
    static BufferedImage backgroundImage(int width, int height, SceneStyle style, SplittableRandom random) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        background(g, width, height, style, random);
        g.dispose();
        return image;
    }

    static void background(Graphics2D g, int width, int height, SceneStyle style, SplittableRandom random) {
        // colour-coded scenes keep their colours for the objects: a grey background and grey clutter
        g.setPaint(style.colourCoded()
                ? new GradientPaint(0, 0, grey(random), width, height, grey(random))
                : new GradientPaint(0, 0, anyColor(random), width, height, anyColor(random)));
        g.fillRect(0, 0, width, height);
        int clutter = random.nextInt(style.minClutter(), style.maxClutter());
        for (int i = 0; i < clutter; i++) {
            g.setColor(style.colourCoded() ? grey(random) : anyColor(random));
            float x = (float) random.nextDouble(width);
            float y = (float) random.nextDouble(height);
            switch (random.nextInt(3)) {
                case 0 -> {
                    g.setStroke(new BasicStroke((float) random.nextDouble(1, 4)));
                    g.draw(new Line2D.Float(x, y, (float) random.nextDouble(width), (float) random.nextDouble(height)));
                }
                case 1 -> {
                    g.setStroke(new BasicStroke((float) random.nextDouble(1, 3)));
                    g.draw(new QuadCurve2D.Float(x, y, (float) random.nextDouble(width), (float) random.nextDouble(height),
                            (float) random.nextDouble(width), (float) random.nextDouble(height)));
                }
                default -> {
                    float speck = (float) random.nextDouble(2, style.minObjectSide() / 2);
                    g.fill(new Ellipse2D.Float(x, y, speck, speck * (float) random.nextDouble(0.5, 2)));
                }
            }
        }
    }

    private static Color vividColor(SplittableRandom random) {
        return Color.getHSBColor((float) random.nextDouble(), (float) random.nextDouble(0.45, 1),
                (float) random.nextDouble(0.4, 1));
    }

    private static Color grey(SplittableRandom random) {
        int level = random.nextInt(70, 190);
        return new Color(level, level, level);
    }

    private static Color anyColor(SplittableRandom random) {
        return new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256));
    }

    static RgbImage addNoise(RgbImage image, double maxNoise, SplittableRandom random) {
        double sigma = random.nextDouble(3, maxNoise);
        byte[] in = image.pixels();
        byte[] out = new byte[in.length];
        for (int i = 0; i < in.length; i++) {
            long value = Math.round((in[i] & 0xff) + sigma * random.nextGaussian());
            out[i] = (byte) Math.max(0, Math.min(255, value));
        }
        return new RgbImage(image.width(), image.height(), out);
    }
}
