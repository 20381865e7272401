package io.ssdstream.scenes;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A scene for judging a tracker: objects enter at an edge, walk through the middle of the frame (so their paths cross
 * and they pass in front of each other), some stop there for seconds and start again, and they leave at an edge. Each
 * frame comes with the identity of every object a viewer can see, the ground truth of the CLEAR-MOT and identity
 * metrics.
 *
 * <p>Ground truth follows MOT Challenge's visibility rule: an object more than half hidden (behind an object drawn
 * over it, or outside the frame) is not in that frame's truth, so neither a detector nor a tracker is blamed for it.
 * An object that leaves and another that enters are different identities: no tracker without appearance features can
 * know a returning object again.
 */
public final class CrossingScene {

    /** Objects need this much of their area in sight to count as present (MOT Challenge's usual cut). */
    public static final double MIN_VISIBLE_FRACTION = 0.5;
    /** Objects on screen at once, on average; the shapes the demo model learnt have at most three per picture. */
    private static final double MEAN_CONCURRENT = 2.5;
    private static final double MIN_SPEED = 0.15;
    private static final double MAX_SPEED = 0.35;
    private static final double STOP_PROBABILITY = 0.35;
    private static final double MAX_STOP_SECONDS = 12;
    /** Visibility is sampled on a grid of this many points a side over each box. */
    private static final int VISIBILITY_GRID = 12;

    /** Where an object's centre is at a moment of its path. */
    private record Waypoint(double seconds, double x, double y) {}

    /** One object: its class, size, looks, and its path from entering to leaving. */
    private record Actor(long id, int label, float width, float height, long shapeSeed, List<Waypoint> path) {

        boolean onStage(double seconds) {
            return seconds >= path.get(0).seconds() && seconds <= path.get(path.size() - 1).seconds();
        }

        PixelBox box(double seconds) {
            Waypoint from = path.get(0);
            Waypoint to = from;
            for (Waypoint next : path) {
                to = next;
                if (next.seconds() >= seconds) {
                    break;
                }
                from = next;
            }
            double span = to.seconds() - from.seconds();
            double f = span <= 0 ? 0 : (seconds - from.seconds()) / span;
            double x = from.x() + f * (to.x() - from.x());
            double y = from.y() + f * (to.y() - from.y());
            return new PixelBox((float) (x - width / 2), (float) (y - height / 2), (float) (x + width / 2),
                    (float) (y + height / 2));
        }
    }

    /**
     * One filmed frame.
     *
     * @param sample the picture and the visible objects' boxes (clipped to the frame)
     * @param identities the identity of each of {@code sample.objects()}, in the same order
     * @param hidden objects on stage but more than half hidden, left out of the truth
     */
    public record Frame(Sample sample, List<Long> identities, int hidden) {

        public Frame {
            identities = List.copyOf(identities);
            if (identities.size() != sample.objects().size()) {
                throw new IllegalArgumentException(identities.size() + " identities for " + sample.objects().size()
                        + " objects");
            }
        }
    }

    private final String name;
    private final SceneStyle style;
    private final long seed;
    private final BufferedImage background;
    private final List<Actor> actors;

    /**
     * @param name the camera's name, which prefixes each frame's id
     * @param width frame width in pixels
     * @param height frame height in pixels
     * @param seconds how long objects keep entering; the last ones leave a little later
     */
    public CrossingScene(String name, int width, int height, double seconds, SceneStyle style, long seed) {
        float minSide = style.minObjectSide();
        float maxSide = Math.min(2 * minSide, 0.35f * Math.min(width, height));
        if (maxSide < minSide) {
            throw new IllegalArgumentException("a " + width + "x" + height + " frame is too small for objects of at"
                    + " least " + (int) minSide + " pixels");
        }
        if (!(seconds > 0)) {
            throw new IllegalArgumentException("a crossing scene needs a positive length, got " + seconds + " s");
        }
        this.name = name;
        this.style = style;
        this.seed = seed;
        SplittableRandom random = Seeds.stream(seed, 0);
        this.background = SceneRenderer.backgroundImage(width, height, style, random);
        this.actors = cast(width, height, seconds, minSide, maxSide, random);
    }

    /**
     * Actors enter one after another at random intervals chosen so that about {@link #MEAN_CONCURRENT} are on stage;
     * each crosses from one edge through a point near the middle to another edge, stopping there now and then.
     */
    private static List<Actor> cast(int width, int height, double seconds, float minSide, float maxSide,
            SplittableRandom random) {
        List<Actor> cast = new ArrayList<>();
        double entry = 0;
        long id = 1;
        while (entry < seconds) {
            float side = (float) random.nextDouble(minSide, maxSide);
            float aspect = (float) Math.exp(random.nextDouble(Math.log(0.7), Math.log(1.4)));
            float w = side * (float) Math.sqrt(aspect);
            float h = side / (float) Math.sqrt(aspect);
            double speed = random.nextDouble(MIN_SPEED, MAX_SPEED) * Math.min(width, height);
            double[] start = edgePoint(width, height, w, h, random.nextInt(4), random);
            double[] middle = {width / 2.0 + random.nextDouble(-0.2, 0.2) * width,
                height / 2.0 + random.nextDouble(-0.2, 0.2) * height};
            int exitEdge = random.nextInt(4);
            double[] end = edgePoint(width, height, w, h, exitEdge, random);
            List<Waypoint> path = new ArrayList<>();
            path.add(new Waypoint(entry, start[0], start[1]));
            double t = entry + Math.hypot(middle[0] - start[0], middle[1] - start[1]) / speed;
            path.add(new Waypoint(t, middle[0], middle[1]));
            if (random.nextDouble() < STOP_PROBABILITY) {
                t += random.nextDouble(2, MAX_STOP_SECONDS);
                path.add(new Waypoint(t, middle[0], middle[1]));
            }
            t += Math.hypot(end[0] - middle[0], end[1] - middle[1]) / speed;
            path.add(new Waypoint(t, end[0], end[1]));
            int label = random.nextInt(SceneRenderer.CLASSES.size()) + 1;
            cast.add(new Actor(id++, label, w, h, random.nextLong(), List.copyOf(path)));
            double stay = t - entry;
            entry += random.nextDouble(0.5, 1.5) * stay / MEAN_CONCURRENT;
        }
        return List.copyOf(cast);
    }

    /** A centre just outside edge {@code edge} (0 left, 1 top, 2 right, 3 bottom), so the object slides in. */
    private static double[] edgePoint(int width, int height, float w, float h, int edge, SplittableRandom random) {
        return switch (edge) {
            case 0 -> new double[] {-w / 2, random.nextDouble(h / 2, height - h / 2)};
            case 1 -> new double[] {random.nextDouble(w / 2, width - w / 2), -h / 2};
            case 2 -> new double[] {width + w / 2, random.nextDouble(h / 2, height - h / 2)};
            default -> new double[] {random.nextDouble(w / 2, width - w / 2), height + h / 2};
        };
    }

    public int width() {
        return background.getWidth();
    }

    public int height() {
        return background.getHeight();
    }

    /** When the last object has left. */
    public double length() {
        return actors.stream().mapToDouble(a -> a.path().get(a.path().size() - 1).seconds()).max().orElse(0);
    }

    /** Identities in the scene, each one object's visit from entering to leaving. */
    public int identities() {
        return actors.size();
    }

    /** An actor on stage at a moment: where it is, and whether it counts as in sight. */
    private record Staged(Actor actor, PixelBox box, boolean visible) {}

    /** The actors on stage at {@code seconds} in drawing order, later ones over earlier ones. */
    private List<Staged> stage(double seconds) {
        List<Actor> onStage = actors.stream().filter(a -> a.onStage(seconds)).toList();
        List<PixelBox> boxes = onStage.stream().map(a -> a.box(seconds)).toList();
        List<Staged> staged = new ArrayList<>();
        for (int i = 0; i < onStage.size(); i++) {
            PixelBox box = boxes.get(i);
            staged.add(new Staged(onStage.get(i), box,
                    visibleFraction(box, boxes.subList(i + 1, boxes.size())) >= MIN_VISIBLE_FRACTION));
        }
        return staged;
    }

    /**
     * The truth of the frame at {@code seconds}, the objects {@link #frame} annotates, without drawing it: cheap
     * enough to choose moments by (a trainer looking for overlaps).
     */
    public List<Annotation> truth(double seconds) {
        return stage(seconds).stream().filter(Staged::visible).map(this::annotation).toList();
    }

    private Annotation annotation(Staged staged) {
        return Annotation.of(staged.actor().label(), staged.box().clamp(width(), height()));
    }

    /** The frame at {@code seconds} after the scene started, later actors drawn over earlier ones. */
    public Frame frame(double seconds) {
        BufferedImage canvas = new BufferedImage(width(), height(), BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = canvas.createGraphics();
        g.drawImage(background, 0, 0, null);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        List<Annotation> visible = new ArrayList<>();
        List<Long> identities = new ArrayList<>();
        int hidden = 0;
        for (Staged staged : stage(seconds)) {
            Actor actor = staged.actor();
            SplittableRandom looks = new SplittableRandom(actor.shapeSeed());
            g.setPaint(SceneRenderer.objectPaint(actor.label(), staged.box(), style, looks));
            g.fill(SceneRenderer.shape(actor.label(), staged.box(), looks));
            if (staged.visible()) {
                visible.add(annotation(staged));
                identities.add(actor.id());
            } else if (staged.box().clamp(width(), height()).hasArea()) {
                hidden++;
            }
        }
        g.dispose();
        long millis = Math.round(seconds * 1000);
        RgbImage noisy = SceneRenderer.addNoise(RgbImage.of(canvas), style.maxNoise(), Seeds.stream(seed, 1, millis));
        return new Frame(new Sample(name + "@" + millis + "ms", noisy, visible), identities, hidden);
    }

    /** The fraction of {@code box} inside the frame and under none of {@code above}, sampled on a grid. */
    private double visibleFraction(PixelBox box, List<PixelBox> above) {
        int seen = 0;
        for (int row = 0; row < VISIBILITY_GRID; row++) {
            float y = box.y1() + (row + 0.5f) * box.height() / VISIBILITY_GRID;
            for (int col = 0; col < VISIBILITY_GRID; col++) {
                float x = box.x1() + (col + 0.5f) * box.width() / VISIBILITY_GRID;
                if (x >= 0 && x < width() && y >= 0 && y < height()
                        && above.stream().noneMatch(b -> x >= b.x1() && x < b.x2() && y >= b.y1() && y < b.y2())) {
                    seen++;
                }
            }
        }
        return seen / (double) (VISIBILITY_GRID * VISIBILITY_GRID);
    }
}
