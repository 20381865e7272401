package io.ssdstream.tracking;

import static io.ssdstream.tracking.Scripted.T0;
import static io.ssdstream.tracking.Scripted.id;
import static io.ssdstream.tracking.Scripted.of;
import static io.ssdstream.tracking.Scripted.person;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ssdstream.tracking.lifecycle.TrackEvent;
import io.ssdstream.tracking.lifecycle.UpdateReason;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CameraTrackerTest {

    private static final TrackerConfig CONFIG = TrackerConfig.defaults();

    private static CameraTracker fresh() {
        return new CameraTracker(CONFIG, TrackerState.EMPTY);
    }

    @Test
    void crossingObjectsKeepTheirIds() {
        // A goes right and B left at 20 px per 100 ms frame, 10 px apart vertically; at frame 20 both centres are at
        // x = 500 and their boxes overlap with IoU 0.78 (70 of 90 rows in common): only the motion tells them apart
        CameraTracker tracker = fresh();
        List<Long> idsOfA = new ArrayList<>();
        List<Long> idsOfB = new ArrayList<>();
        for (int k = 0; k <= 40; k++) {
            FrameTracks frame = tracker.update(T0 + 100L * k, List.of(
                    person(100 + 20 * k, 100, 40, 80, 0.9), person(900 - 20 * k, 110, 40, 80, 0.9)));
            if (k >= 2) {
                idsOfA.add(id(frame, 0));
                idsOfB.add(id(frame, 1));
            }
        }
        assertThat(Set.copyOf(idsOfA)).containsExactly(1L);
        assertThat(Set.copyOf(idsOfB)).containsExactly(2L);
    }

    @Test
    void aBoxAroundTwoCrossingObjectsContinuesNeitherAndBothKeepTheirIds() {
        // A goes right and B left at 10 px per frame and meet at x = 500 at frame 20; while their boxes overlap
        // (frames 18-22) the detector sees one object and draws one box around both, except at frame 20, where
        // the two coincide and the box is either's
        CameraTracker tracker = fresh();
        List<Long> idsOfA = new ArrayList<>();
        List<Long> idsOfB = new ArrayList<>();
        List<TrackEvent> events = new ArrayList<>();
        for (int k = 0; k <= 40; k++) {
            double a = 300 + 10 * k;
            double b = 700 - 10 * k;
            boolean merged = Math.abs(a - b) < 60 && a != b;
            List<Observation> detections = merged
                    ? List.of(person((a + b) / 2, 200, Math.abs(a - b) + 60, 120, 0.9))
                    : List.of(person(a, 200, 60, 120, 0.9), person(b, 200, 60, 120, 0.9));
            FrameTracks frame = tracker.update(T0 + 100L * k, detections);
            events.addAll(frame.events());
            if (merged) {
                assertThat(frame.trackIds()).as("frame %d: the box around both", k).containsOnly(OptionalLong.empty());
            } else if (k >= 2 && k != 20) {
                idsOfA.add(id(frame, 0));
                idsOfB.add(id(frame, 1));
            }
        }
        assertThat(Set.copyOf(idsOfA)).containsExactly(1L);
        assertThat(Set.copyOf(idsOfB)).containsExactly(2L);
        assertThat(events).filteredOn(event -> event.type() == TrackEvent.Type.NEW).hasSize(2);
    }

    @Test
    void aGapWithinTheMaxAgeContinuesTheTrackWhereTheMotionTookIt() {
        // 10 px per frame for a 40 px wide box: after the 5 missed frames it is 60 px from where it was last seen,
        // no overlap at all with its last box; only the predicted position (0.6 s at 100 px/s) meets it
        CameraTracker tracker = fresh();
        List<Long> ids = new ArrayList<>();
        List<TrackEvent> events = new ArrayList<>();
        for (int k = 0; k < 30; k++) {
            List<Observation> dets = k >= 10 && k < 15 ? List.of() : List.of(person(100 + 10 * k, 200, 40, 80, 0.8));
            FrameTracks frame = tracker.update(T0 + 100L * k, dets);
            events.addAll(frame.events());
            if (k >= 2 && !dets.isEmpty()) {
                ids.add(id(frame, 0));
            }
        }
        assertThat(Set.copyOf(ids)).containsExactly(1L);
        assertThat(events).extracting(TrackEvent::type).doesNotContain(TrackEvent.Type.END);
    }

    @Test
    void anObjectThatStoppedWhileHiddenIsFoundWhereItWasLastSeen() {
        // 10 px per frame, then hidden for 1 s, during which it stopped: the motion carries the prediction 100 px
        // on, far past its 40 px width, so only where it was last seen (OC-SORT's observation-centric recovery)
        // can continue the track
        CameraTracker tracker = fresh();
        List<Long> ids = new ArrayList<>();
        for (int k = 0; k < 30; k++) {
            double x = 100 + 10 * Math.min(k, 9);
            List<Observation> dets = k >= 10 && k < 20 ? List.of() : List.of(person(x, 200, 40, 80, 0.8));
            FrameTracks frame = tracker.update(T0 + 100L * k, dets);
            if (k >= 2 && !dets.isEmpty()) {
                ids.add(id(frame, 0));
            }
        }
        assertThat(Set.copyOf(ids)).containsExactly(1L);
    }

    @Test
    void anObjectWhoseBoxShrankAsItWentBehindAnotherIsFoundAtItsOwnSizeWhenItComesOut() {
        // 10 px per frame to the right; going behind another object (frames 10-13) only a shrinking band of it is
        // seen, 80 px high down to 32, then it is hidden for 0.6 s. Extrapolated, that shrinking would leave the
        // prediction a sliver by the time it comes out whole, matching nothing, and the object would get a new id
        CameraTracker tracker = fresh();
        List<Long> ids = new ArrayList<>();
        for (int k = 0; k < 30; k++) {
            double height = k >= 10 && k < 14 ? 80 - 12 * (k - 9) : 80;
            List<Observation> dets = k >= 14 && k < 20
                    ? List.of()
                    : List.of(person(100 + 10 * k, 200, 40, height, 0.8));
            FrameTracks frame = tracker.update(T0 + 100L * k, dets);
            if (k >= 2 && !dets.isEmpty()) {
                ids.add(id(frame, 0));
            }
        }
        assertThat(Set.copyOf(ids)).containsExactly(1L);
    }

    @Test
    void aGapLongerThanTheMaxAgeEndsTheTrackAndTheNextAppearanceIsANewObject() {
        CameraTracker tracker = fresh();
        List<TrackEvent> events = new ArrayList<>();
        for (int k = 0; k < 10; k++) {
            events.addAll(tracker.update(T0 + 100L * k, List.of(person(300, 200, 40, 80, 0.6 + 0.01 * k))).events());
        }
        // last seen at T0 + 900; the default max age is 2 s, so a frame at T0 + 3900 comes after it ran out
        long[] later = new long[4];
        for (int k = 0; k < 4; k++) {
            FrameTracks frame = tracker.update(T0 + 3900 + 100L * k, List.of(person(300, 200, 40, 80, 0.8)));
            events.addAll(frame.events());
            later[k] = id(frame, 0);
        }
        TrackEvent end = events.stream().filter(e -> e.type() == TrackEvent.Type.END).findFirst().orElseThrow();
        assertThat(end.trackId()).isEqualTo(1);
        assertThat(end.firstSeen()).isEqualTo(T0);
        assertThat(end.lastSeen()).isEqualTo(T0 + 900);
        assertThat(end.durationMillis()).isEqualTo(900);
        assertThat(end.bestScore()).isEqualTo(0.6 + 0.01 * 9);
        assertThat(end.path().observations()).isEqualTo(10);
        assertThat(end.captureTime()).isEqualTo(T0 + 3900);
        // the new object needs its own three hits: no id in the first two frames, then id 2
        assertThat(later).containsExactly(0, 0, 2, 2);
    }

    @Test
    void framesShedForLongerThanTheMaxAgeDoNotEndTheTracksTheyHid() {
        CameraTracker tracker = fresh();
        for (int k = 0; k < 10; k++) {
            tracker.update(T0 + 100L * k, List.of(person(300, 200, 40, 80, 0.9), person(600, 200, 40, 80, 0.9)));
        }
        // 3 s of frames shed unseen (the job was behind), then 1.5 s of frames without the second object: the
        // first is found again, the second is lost for 1.5 s of watched time, within the 2 s max age
        for (int k = 10; k < 40; k++) {
            tracker.shed(T0 + 100L * k);
        }
        List<TrackEvent> events = new ArrayList<>();
        for (int k = 40; k < 55; k++) {
            events.addAll(tracker.update(T0 + 100L * k, List.of(person(300, 200, 40, 80, 0.9))).events());
        }
        FrameTracks back = tracker.update(T0 + 5500, List.of(person(300, 200, 40, 80, 0.9),
                person(600, 200, 40, 80, 0.9)));
        assertThat(events).as("no object ended or began").isEmpty();
        assertThat(List.of(id(back, 0), id(back, 1))).containsExactly(1L, 2L);
        assertThat(back.events()).isEmpty();
        // from here the second object is gone: it ends after 2 s of watched time, shed frames or not
        List<TrackEvent> later = new ArrayList<>();
        for (int k = 56; k < 77; k++) {
            if (k % 2 == 0) {
                tracker.shed(T0 + 100L * k);
            } else {
                later.addAll(tracker.update(T0 + 100L * k, List.of(person(300, 200, 40, 80, 0.9))).events());
            }
        }
        assertThat(later).as("1 s watched of 2 s: still kept").isEmpty();
        assertThat(tracker.expire(T0 + 7600 + 2000 - 1000)).isEmpty();
        assertThat(tracker.expire(T0 + 7600 + 2001 - 1000)).extracting(TrackEvent::trackId).containsExactly(2L);
    }

    @Test
    void expiryWithoutFramesEndsOnlyAfterTheMaxAge() {
        CameraTracker tracker = fresh();
        for (int k = 0; k < 3; k++) {
            tracker.update(T0 + 100L * k, List.of(person(300, 200, 40, 80, 0.9)));
        }
        tracker.update(T0 + 300, List.of());
        assertThat(tracker.expire(T0 + 200 + 2000)).isEmpty();
        assertThat(tracker.expire(T0 + 200 + 2001)).extracting(TrackEvent::type).containsExactly(TrackEvent.Type.END);
        assertThat(tracker.state().tracks()).isEmpty();
    }

    @Test
    void anotherClassNeverContinuesATrack() {
        CameraTracker tracker = fresh();
        List<Long> personIds = new ArrayList<>();
        List<Long> carIds = new ArrayList<>();
        for (int k = 0; k < 12; k++) {
            // the same box, labelled person for 6 frames and car after: the best possible IoU, the wrong class
            Observation d = of(k < 6 ? "person" : "car", 300, 200, 40, 80, 0.9);
            long id = id(tracker.update(T0 + 100L * k, List.of(d)), 0);
            (k < 6 ? personIds : carIds).add(id);
        }
        assertThat(personIds).containsExactly(0L, 0L, 1L, 1L, 1L, 1L);
        assertThat(carIds).containsExactly(0L, 0L, 2L, 2L, 2L, 2L);
    }

    @Test
    void aWeakDetectionContinuesATrackButNeverStartsOne() {
        CameraTracker tracker = fresh();
        List<Long> ids = new ArrayList<>();
        for (int k = 0; k < 10; k++) {
            // frames 4-7: half hidden, the detector is only 0.3 sure (between the low 0.1 and the high 0.5)
            double score = k >= 4 && k < 8 ? 0.3 : 0.9;
            FrameTracks frame = tracker.update(T0 + 100L * k, List.of(
                    person(200 + 5 * k, 200, 40, 80, score), person(600, 200, 40, 80, 0.3)));
            ids.add(id(frame, 0));
            assertThat(id(frame, 1)).as("a lone weak box at frame %d", k).isZero();
        }
        assertThat(ids).containsExactly(0L, 0L, 1L, 1L, 1L, 1L, 1L, 1L, 1L, 1L);
    }

    @Test
    void stationaryOnAndOffWithRateLimitedUpdates() {
        TrackerConfig config = CONFIG.withStationaryAfter(Duration.ofSeconds(2));
        CameraTracker tracker = new CameraTracker(config, TrackerState.EMPTY);
        List<TrackEvent> events = new ArrayList<>();
        for (int k = 0; k <= 65; k++) {
            // still (1 px jitter) until 5.0 s, then 10 px per frame; the score rises to 0.95 at 3.0 s while parked
            double x = k < 50 ? 300 + (k % 2) : 300 + 10 * (k - 49);
            double score = k >= 30 ? 0.95 : 0.7;
            events.addAll(tracker.update(T0 + 100L * k, List.of(person(x, 200, 80, 80, score))).events());
        }
        // NEW at the third hit (0.2 s); stationary 2 s after the anchor was set at 0.0 s; the raised score at 3.0 s
        // is swallowed because the object is parked; at 5.0 s it moved 11 px > 0.1 x 80; from that event's box it
        // passes 0.5 x 80 = 40 px at 5.4 s (50 px), but the 1 s rate limit holds the MOVED update until 6.0 s
        assertThat(events).extracting(TrackEvent::type, e -> e.captureTime() - T0, TrackEvent::reasons)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(TrackEvent.Type.NEW, 200L, Set.of()),
                        org.assertj.core.groups.Tuple.tuple(TrackEvent.Type.UPDATE, 2000L,
                                Set.of(UpdateReason.BECAME_STATIONARY)),
                        org.assertj.core.groups.Tuple.tuple(TrackEvent.Type.UPDATE, 5000L,
                                Set.of(UpdateReason.MOVING_AGAIN)),
                        org.assertj.core.groups.Tuple.tuple(TrackEvent.Type.UPDATE, 6000L,
                                Set.of(UpdateReason.MOVED)));
        assertThat(events.get(1).stationary()).isTrue();
        assertThat(events.get(2).stationary()).isFalse();
    }

    @Test
    void missingFramesArePredictedOverTheirRealCaptureTimes() {
        // 300 px/s, 60 px boxes. After the 300 ms gap the object is 120 px from its last box; a model that counted
        // frames would predict one 100 ms step (30 px) and miss it by 90 px, beyond the box's width
        long[] times = {0, 100, 200, 300, 400, 500, 900, 1000, 1100, 1600, 1700};
        CameraTracker tracker = fresh();
        List<Long> ids = new ArrayList<>();
        for (long t : times) {
            FrameTracks frame = tracker.update(T0 + t, List.of(person(100 + 0.3 * t, 200, 60, 60, 0.9)));
            if (t >= 200) {
                ids.add(id(frame, 0));
            }
        }
        assertThat(Set.copyOf(ids)).containsExactly(1L);
    }

    @Test
    void sameInputGivesTheSameIdsAndEvents() {
        List<Scripted.Frame> scene = busyScene(7);
        assertThat(Scripted.run(fresh(), scene)).isEqualTo(Scripted.run(fresh(), scene));
    }

    @Test
    void aRestoredStateContinuesExactlyAsIfNeverInterrupted() throws Exception {
        List<Scripted.Frame> scene = busyScene(11);
        List<FrameTracks> uninterrupted = Scripted.run(fresh(), scene);

        CameraTracker first = fresh();
        List<FrameTracks> resumed = new ArrayList<>(Scripted.run(first, scene.subList(0, 57)));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(first.state());
        }
        TrackerState restored;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            restored = (TrackerState) in.readObject();
        }
        assertThat(restored.confirmedTracks()).isPositive();
        resumed.addAll(Scripted.run(new CameraTracker(CONFIG, restored), scene.subList(57, scene.size())));

        assertThat(resumed).isEqualTo(uninterrupted);
        assertThat(uninterrupted.stream().mapToLong(f -> f.events().size()).sum()).isPositive();
    }

    @Test
    void refusesAFrameOutOfCaptureOrder() {
        CameraTracker tracker = fresh();
        tracker.update(T0 + 100, List.of());
        assertThatThrownBy(() -> tracker.update(T0 + 100, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not after the previous");
    }

    /** 15 objects of two classes wandering, with noise, misses, weak scores and departures; seeded. */
    private static List<Scripted.Frame> busyScene(long seed) {
        Random random = new Random(seed);
        int objects = 15;
        double[][] o = new double[objects][];
        for (int i = 0; i < objects; i++) {
            o[i] = new double[] {random.nextDouble() * 1000, random.nextDouble() * 600,
                    random.nextDouble() * 20 - 10, random.nextDouble() * 20 - 10, 30 + random.nextDouble() * 50};
        }
        List<Scripted.Frame> frames = new ArrayList<>();
        long t = T0;
        for (int k = 0; k < 120; k++) {
            t += random.nextDouble() < 0.1 ? 300 : 100;
            List<Observation> dets = new ArrayList<>();
            for (int i = 0; i < objects; i++) {
                o[i][0] += o[i][2];
                o[i][1] += o[i][3];
                if (random.nextDouble() < 0.1 || (i % 5 == 0 && k > 40 && k < 70)) {
                    continue;
                }
                double s = o[i][4];
                dets.add(of(i % 3 == 0 ? "car" : "person", o[i][0] + random.nextGaussian(),
                        o[i][1] + random.nextGaussian(), s, s * 1.5, random.nextDouble() < 0.2 ? 0.3 : 0.9));
            }
            frames.add(new Scripted.Frame(t, dets));
        }
        return frames;
    }
}
