package io.ssdstream.producer.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.ssdstream.producer.source.FrameSource.Timing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VideoSourceTest {

    private static final int FRAMES = 64;
    private static final int TOLERANCE = 20;

    @TempDir
    static Path dir;
    static Path video;

    @BeforeAll
    static void writeVideo() throws Exception {
        video = TestVideos.write(dir.resolve("colours.avi"), FRAMES);
        try (FFmpegFrameGrabber probe = new FFmpegFrameGrabber(video.toFile())) {
            probe.start();
            assertThat(probe.hasAudio()).as("the test video has audio for the source to skip").isTrue();
        }
    }

    @Test
    void readsEveryFrameOfAFileInOrderWithItsPresentationTime() throws Exception {
        List<SourceFrame> frames = new ArrayList<>();
        try (VideoSource source = VideoSource.open(video.toString(), VideoSource.Options.defaults())) {
            assertThat(source.timing()).isEqualTo(Timing.RECORDED);
            assertThat(source.describe()).isEqualTo(video.toString());
            for (SourceFrame frame = source.next(); frame != null; frame = source.next()) {
                frames.add(frame);
            }
            assertThat(source.next()).isNull();
        }

        assertThat(frames).hasSize(FRAMES);
        for (int i = 0; i < FRAMES; i++) {
            SourceFrame frame = frames.get(i);
            assertThat(frame.image().getWidth()).isEqualTo(TestVideos.WIDTH);
            assertThat(frame.image().getHeight()).isEqualTo(TestVideos.HEIGHT);
            assertThat(frame.cameraTime()).isNull();
            assertThat(TestVideos.distance(TestVideos.centreColour(frame.image()), TestVideos.colourOf(i)))
                    .as("colour of frame %d", i).isLessThanOrEqualTo(TOLERANCE);
            assertThat(frame.mediaTimeMicros()).as("media time of frame %d", i)
                    .isCloseTo(i * 1_000_000L / TestVideos.FRAME_RATE, within(1_000L));
        }
    }

    @Test
    void framesDoNotShareTheirPixels() throws Exception {
        try (VideoSource source = VideoSource.open(video.toString(), VideoSource.Options.defaults())) {
            SourceFrame first = source.next();
            source.next();
            assertThat(TestVideos.distance(TestVideos.centreColour(first.image()), TestVideos.colourOf(0)))
                    .isLessThanOrEqualTo(TOLERANCE);
        }
    }

    @Test
    void loopPlaysTheFileAgainWithMediaTimesStillIncreasing() throws Exception {
        try (VideoSource source = VideoSource.open(video.toString(), VideoSource.Options.defaults().withLoop(true))) {
            long previous = -1;
            for (int i = 0; i < 2 * FRAMES + 5; i++) {
                SourceFrame frame = source.next();
                assertThat(frame).as("frame %d", i).isNotNull();
                assertThat(frame.mediaTimeMicros()).as("media time of frame %d", i).isGreaterThan(previous);
                assertThat(TestVideos.distance(TestVideos.centreColour(frame.image()), TestVideos.colourOf(i)))
                        .as("colour of frame %d", i).isLessThanOrEqualTo(TOLERANCE);
                previous = frame.mediaTimeMicros();
            }
            assertThat(previous).isCloseTo((2L * FRAMES + 4) * 1_000_000 / TestVideos.FRAME_RATE,
                    within(1_000L));
        }
    }

    @Test
    void aMissingFileFailsOnOpenNamingThePath() {
        Path missing = dir.resolve("no-such-video.mp4");
        assertThatThrownBy(() -> VideoSource.open(missing.toString(), VideoSource.Options.defaults()))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining(missing.toString());
    }

    @Test
    void aFileThatIsNoVideoFailsOnOpenNamingThePath() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.avi"), "not a video at all");
        assertThatThrownBy(() -> VideoSource.open(text.toString(), VideoSource.Options.defaults()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(text.toString());
    }

    @Test
    void aStreamUrlIsLiveAndDescribedWithoutCredentials() {
        assertThat(VideoSource.describe("rtsp://admin:s3cret@10.0.0.7:554/stream1?profile=main"))
                .isEqualTo("rtsp://10.0.0.7:554/stream1?profile=main");
        assertThatThrownBy(() -> VideoSource.open("rtsp://admin:s3cret@10.0.0.7/stream1",
                VideoSource.Options.defaults().withLoop(true)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rtsp://10.0.0.7/stream1")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void onlyNetworkStreamsAreProbedBriefly() {
        VideoSource.Options options = VideoSource.Options.defaults().withLiveProbe(Duration.ofMillis(300));
        assertThat(options.ffmpegOptions(MediaAddress.parse("rtsp://cam/1")))
                .containsEntry("analyzeduration", "300000");
        assertThat(options.ffmpegOptions(MediaAddress.parse("http://cam/video.mjpg")))
                .containsEntry("analyzeduration", "300000");
        assertThat(options.ffmpegOptions(MediaAddress.parse("recordings/lobby.mp4")))
                .doesNotContainKey("analyzeduration");
    }

    @Test
    void optionsRejectNonsense() {
        assertThatThrownBy(() -> VideoSource.Options.defaults().withIoTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ioTimeout");
        assertThatThrownBy(() -> VideoSource.Options.defaults().withInputFormat(" "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("inputFormat");
        assertThatThrownBy(() -> VideoSource.Options.defaults().withLiveProbe(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("liveProbe");
    }
}
