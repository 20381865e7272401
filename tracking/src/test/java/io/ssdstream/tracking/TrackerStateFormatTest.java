package io.ssdstream.tracking;

import static io.ssdstream.tracking.Scripted.T0;
import static io.ssdstream.tracking.Scripted.of;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ssdstream.tracking.lifecycle.TrackEvent;
import io.ssdstream.tracking.lifecycle.TrackStatus;
import io.ssdstream.tracking.lifecycle.UpdateReason;
import io.ssdstream.tracking.motion.ConstantVelocityModel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TrackerStateFormatTest {

    private static final TrackerConfig CONFIG = TrackerConfig.defaults();
    /** Frames before the state is written: 13 s, past the 10 s after which a parked object becomes stationary. */
    private static final int WRITTEN_AFTER = 130;

    @Test
    void aRestoredTrackerHasEveryFieldOfTheOriginalAndContinuesIdentically() throws IOException {
        List<Scripted.Frame> scene = lifecycleScene();
        CameraTracker original = new CameraTracker(CONFIG, TrackerState.EMPTY);
        // a frame shed halfway and one at the end: the tracks were last seen between them
        Scripted.run(original, scene.subList(0, WRITTEN_AFTER / 2));
        original.shed(scene.get(WRITTEN_AFTER / 2 - 1).captureTime() + 50);
        Scripted.run(original, scene.subList(WRITTEN_AFTER / 2, WRITTEN_AFTER));
        original.shed(scene.get(WRITTEN_AFTER - 1).captureTime() + 50);
        TrackerState written = original.state();
        List<Track> tracks = written.tracks();
        assertThat(tracks).extracting(Track::status).as("every lifecycle stage")
                .contains(TrackStatus.TENTATIVE, TrackStatus.ACTIVE, TrackStatus.LOST);
        assertThat(tracks).as("tentative, never reported").anyMatch(t -> t.lastEventBox == null);
        assertThat(tracks).as("stationary").anyMatch(Track::stationary);
        assertThat(tracks).as("with update reasons waiting for the update interval")
                .anyMatch(t -> t.confirmed() && !t.pending.isEmpty());
        assertThat(tracks).as("anchor elsewhere than the last box").anyMatch(t -> !t.anchor.equals(t.lastBox));
        assertThat(written.unwatchedMillis()).isEqualTo(100);
        assertThat(tracks).extracting(t -> t.unwatchedAtLastSeen).as("last seen between the shed frames")
                .contains(50L);

        byte[] bytes = write(written);
        TrackerState restored = read(bytes);

        // field by field, Kalman mean and covariance bit for bit: a field the format dropped would differ here
        assertThat(restored).usingRecursiveComparison().isEqualTo(written);
        assertThat(write(restored)).as("written again, the same bytes").isEqualTo(bytes);
        ByteArrayOutputStream javaSerialized = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(javaSerialized)) {
            out.writeObject(written);
        }
        assertThat(bytes.length).as("vs %d bytes Java-serialized, the job's format before", javaSerialized.size())
                .isLessThan(javaSerialized.size() / 2);
        List<FrameTracks> fromOriginal = Scripted.run(original, scene.subList(WRITTEN_AFTER, scene.size()));
        List<FrameTracks> fromRestored = Scripted.run(new CameraTracker(CONFIG, restored),
                scene.subList(WRITTEN_AFTER, scene.size()));
        assertThat(fromRestored).as("same ids and events on the next frames").isEqualTo(fromOriginal);
        List<TrackEvent> events = fromOriginal.stream().flatMap(f -> f.events().stream()).toList();
        assertThat(events).extracting(TrackEvent::type)
                .contains(TrackEvent.Type.NEW, TrackEvent.Type.UPDATE, TrackEvent.Type.END);
        assertThat(events).flatExtracting(TrackEvent::reasons)
                .contains(UpdateReason.MOVED, UpdateReason.MOVING_AGAIN);
    }

    @Test
    void aStateInLayoutOneReadsAsTheSameTracksWithNoFrameShed() throws IOException {
        byte[] layoutOne;
        try (InputStream in = TrackerStateFormatTest.class.getResourceAsStream("/tracker-state-v1.bin")) {
            // written by the build before layout 2 after the same 130 frames
            layoutOne = in.readAllBytes();
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(layoutOne));
        TrackerState restored = TrackerStateFormat.read(in, 1);
        assertThat(in.read()).as("every byte read").isEqualTo(-1);
        // written before a lost track's size was held (ConstantVelocityModel.holdSize), which the tracker now does
        // the frame it loses one
        for (Track track : restored.tracks()) {
            if (track.status == TrackStatus.LOST) {
                track.motion = ConstantVelocityModel.holdSize(track.motion);
            }
        }

        CameraTracker tracker = new CameraTracker(CONFIG, TrackerState.EMPTY);
        Scripted.run(tracker, lifecycleScene().subList(0, WRITTEN_AFTER));
        assertThat(restored).usingRecursiveComparison().isEqualTo(tracker.state());
        assertThat(restored.unwatchedMillis()).isZero();
    }

    @Test
    void refusesALayoutItCannotRead() {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(new byte[16]));
        assertThatThrownBy(() -> TrackerStateFormat.read(in, TrackerStateFormat.VERSION + 1))
                .isInstanceOf(IOException.class).hasMessage("tracker state layout 3 is unknown (this build reads 1 to 2)");
    }

    @Test
    void theStateBeforeAnyFrameComesBackAsItWas() throws IOException {
        assertThat(read(write(TrackerState.EMPTY))).usingRecursiveComparison().isEqualTo(TrackerState.EMPTY);
    }

    @Test
    void refusesAnUnknownTrackStatus() throws IOException {
        CameraTracker tracker = new CameraTracker(CONFIG, TrackerState.EMPTY);
        tracker.update(T0, List.of(of("person", 100, 100, 40, 80, 0.9)));
        byte[] bytes = write(tracker.state());
        // next id, last capture time (8 bytes), unwatched time, one label ("person", 2 + 6 bytes), one track: id,
        // label, status
        int status = 1 + 8 + 1 + 1 + 8 + 1 + 1 + 1;
        assertThat(bytes[status]).as("tentative").isEqualTo((byte) 0);
        bytes[status] = 9;
        assertThatThrownBy(() -> read(bytes)).isInstanceOf(IOException.class)
                .hasMessage("track status code 9 is unknown: the tracker state is corrupt");
    }

    private static byte[] write(TrackerState state) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            TrackerStateFormat.write(state, out);
        }
        return bytes.toByteArray();
    }

    private static TrackerState read(byte[] bytes) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        TrackerState state = TrackerStateFormat.read(in);
        assertThat(in.read()).as("every byte read").isEqualTo(-1);
        return state;
    }

    /**
     * 40 objects of two classes, each in its own part of a 1920x1080 frame, 25 s at 10 frames/s with some frames
     * dropped, so that when the state is written there are objects in every stage: parked long enough to be
     * stationary (they drive off later: MOVING_AGAIN), moving back and forth (MOVED, often still pending), hidden
     * for 3 s (lost, then ended, then a new object), just appeared (tentative), and with weak and steadily rising scores
     * (SCORE_RAISED, mostly pending).
     */
    private static List<Scripted.Frame> lifecycleScene() {
        Random random = new Random(5);
        List<Scripted.Frame> frames = new ArrayList<>();
        long t = T0;
        for (int k = 0; k < 250; k++) {
            t += k % 17 == 0 ? 300 : 100;
            double seconds = (t - T0) / 1000.0;
            List<Observation> detections = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                int kind = i % 5;
                boolean car = i % 3 == 0;
                double x = 150 + (i % 8) * 220;
                double y = 120 + (i / 8) * 190;
                double speed = 40 + 10 * (i % 6);
                if (kind == 0) {
                    x += k < 180 ? random.nextGaussian() * 0.5 : (k - 180) * speed / 10;
                } else {
                    // back and forth within +-60 px of the object's place
                    double phase = (seconds * speed) % 240;
                    x += phase < 120 ? phase - 60 : 180 - phase;
                }
                boolean hidden = kind == 2 && k >= 120 && k < 150;
                boolean notYet = kind == 3 && k < 128 + i % 2;
                if (hidden || notYet) {
                    continue;
                }
                double score = kind != 4 ? 0.6 + 0.3 * ((k * 7 + i) % 10) / 10
                        : k % 4 == 3 ? 0.3 : 0.5 + 0.45 * k / 250;
                detections.add(of(car ? "car" : "person", x + random.nextGaussian(), y + random.nextGaussian(),
                        car ? 80 : 40, car ? 40 : 80, score));
            }
            frames.add(new Scripted.Frame(t, detections));
        }
        return frames;
    }
}
