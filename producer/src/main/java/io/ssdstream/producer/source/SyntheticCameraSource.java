package io.ssdstream.producer.source;

import io.ssdstream.scenes.MovingScene;
import io.ssdstream.scenes.SceneStyle;
import java.time.Clock;
import java.time.Instant;

/**
 * A camera that films a {@link MovingScene}: coloured shapes gliding over a grey background, the scenes the demo
 * model was trained on, so its detections can be seen to follow the objects. On demand: each call renders the
 * scene as it is at that moment, stamped with the render time as the camera's clock.
 */
public final class SyntheticCameraSource implements FrameSource {

    private final MovingScene scene;
    private final long seed;
    private final Clock clock;
    private final Instant start;

    /**
     * @param width frame width in pixels (at least 120)
     * @param height frame height in pixels (at least 120)
     * @param objects how many objects move in the scene
     * @param seed which scene: the same seed films the same scene
     */
    public SyntheticCameraSource(int width, int height, int objects, long seed) {
        this.scene = new MovingScene("synthetic-" + seed, width, height, objects, SceneStyle.SIMPLE, seed);
        this.seed = seed;
        this.clock = Clock.systemUTC();
        this.start = clock.instant();
    }

    /** The scene this camera films, whose objects' paths are known in advance. */
    public MovingScene scene() {
        return scene;
    }

    @Override
    public SourceFrame next() {
        Instant now = clock.instant();
        long micros = (now.toEpochMilli() - start.toEpochMilli()) * 1000;
        return new SourceFrame(scene.frame(micros / 1e6).image().toBufferedImage(), micros, now);
    }

    @Override
    public Timing timing() {
        return Timing.ON_DEMAND;
    }

    @Override
    public String describe() {
        return "synthetic scene " + seed + " (" + scene.width() + "x" + scene.height() + ")";
    }

    @Override
    public void close() {
        // nothing held: the scene lives on the heap
    }
}
