package io.ssdstream.scenes;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A procedural scene in motion, what a synthetic camera films: a fixed background and a few objects of the
 * {@link SceneRenderer} classes, drawn in a {@link SceneStyle}, each gliding at its own constant velocity and
 * bouncing off the frame's edges. Every frame gets fresh sensor noise. The picture at time {@code t} depends only
 * on the seed and {@code t}, so two cameras with different seeds film different scenes and a camera that restarts
 * films the same one.
 */
public final class MovingScene {

    /** Objects stay small enough to have room to move: at most this fraction of the shorter side. */
    private static final float MAX_OBJECT_FRACTION = 0.4f;
    private static final double MIN_SPEED = 0.08;
    private static final double MAX_SPEED = 0.3;

    private record Mover(int label, float width, float height, double x0, double y0, double vx, double vy,
            long shapeSeed) {}

    private final String name;
    private final SceneStyle style;
    private final long seed;
    private final BufferedImage background;
    private final List<Mover> movers;

    /**
     * @param name the camera's name, which prefixes each frame's id
     * @param width frame width in pixels
     * @param height frame height in pixels
     * @param objects how many objects move in the scene
     */
    public MovingScene(String name, int width, int height, int objects, SceneStyle style, long seed) {
        float minSide = style.minObjectSide();
        float maxSide = MAX_OBJECT_FRACTION * Math.min(width, height);
        if (maxSide < minSide) {
            throw new IllegalArgumentException("a " + width + "x" + height + " frame is too small for objects of at"
                    + " least " + (int) minSide + " pixels; use at least " + (int) Math.ceil(minSide
                    / MAX_OBJECT_FRACTION) + " pixels a side");
        }
        if (objects < 1) {
            throw new IllegalArgumentException("a moving scene needs at least one object, got " + objects);
        }
        this.name = name;
        this.style = style;
        this.seed = seed;
        SplittableRandom random = Seeds.stream(seed, 0);
        this.background = SceneRenderer.backgroundImage(width, height, style, random);
        List<Mover> placed = new ArrayList<>();
        // consecutive classes from a random first one: a camera shows distinct classes, cameras show different ones
        int firstClass = random.nextInt(SceneRenderer.CLASSES.size());
        for (int n = 0; n < objects; n++) {
            float side = (float) Math.exp(random.nextDouble(Math.log(minSide), Math.log(maxSide)));
            float aspect = (float) Math.exp(random.nextDouble(Math.log(0.6), Math.log(1.6)));
            float w = Math.min(side * (float) Math.sqrt(aspect), maxSide);
            float h = Math.min(side / (float) Math.sqrt(aspect), maxSide);
            // speeds in frame widths per second, so a scene looks the same at any resolution
            double speed = random.nextDouble(MIN_SPEED, MAX_SPEED) * Math.min(width, height);
            double heading = random.nextDouble(2 * Math.PI);
            placed.add(new Mover((firstClass + n) % SceneRenderer.CLASSES.size() + 1, w, h, random.nextDouble(width - w),
                    random.nextDouble(height - h), speed * Math.cos(heading), speed * Math.sin(heading),
                    random.nextLong()));
        }
        this.movers = List.copyOf(placed);
    }

    public int width() {
        return background.getWidth();
    }

    public int height() {
        return background.getHeight();
    }

    /** The classes of this scene's objects, 1-based into {@link SyntheticScenes#classList()}. */
    public List<Integer> labels() {
        return movers.stream().map(Mover::label).toList();
    }

    /** The frame at {@code seconds} after the scene started, with each object's exact box as ground truth. */
    public Sample frame(double seconds) {
        BufferedImage canvas = new BufferedImage(width(), height(), BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = canvas.createGraphics();
        g.drawImage(background, 0, 0, null);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        List<Annotation> objects = new ArrayList<>(movers.size());
        for (Mover mover : movers) {
            PixelBox box = boxAt(mover, seconds);
            SplittableRandom looks = new SplittableRandom(mover.shapeSeed());
            g.setPaint(SceneRenderer.objectPaint(mover.label(), box, style, looks));
            g.fill(SceneRenderer.shape(mover.label(), box, looks));
            objects.add(Annotation.of(mover.label(), box));
        }
        g.dispose();
        long millis = Math.round(seconds * 1000);
        RgbImage noisy = SceneRenderer.addNoise(RgbImage.of(canvas), style.maxNoise(), Seeds.stream(seed, 1, millis));
        return new Sample(name + "@" + millis + "ms", noisy, objects);
    }

    /**
     * Each object's exact box at {@code seconds}, as {@link #frame} annotates it, without drawing the picture: for
     * planning where the objects go.
     */
    public List<Annotation> objects(double seconds) {
        return movers.stream().map(mover -> Annotation.of(mover.label(), boxAt(mover, seconds))).toList();
    }

    private PixelBox boxAt(Mover mover, double seconds) {
        float x = (float) bounce(mover.x0() + mover.vx() * seconds, width() - mover.width());
        float y = (float) bounce(mover.y0() + mover.vy() * seconds, height() - mover.height());
        return new PixelBox(x, y, x + mover.width(), y + mover.height());
    }

    /** Where a point moving freely along a line sits when it bounces between 0 and {@code extent}. */
    private static double bounce(double position, double extent) {
        if (extent <= 0) {
            return 0;
        }
        double period = 2 * extent;
        double folded = position - period * Math.floor(position / period);
        return folded <= extent ? folded : 2 * extent - folded;
    }
}
