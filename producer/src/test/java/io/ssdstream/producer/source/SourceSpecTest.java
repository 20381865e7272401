package io.ssdstream.producer.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceSpecTest {

    @TempDir
    Path dir;

    @Test
    void tellsTheKindOfSourceFromWhatTheUserWrote() {
        assertThat(new SourceSpec("synthetic").kind()).isEqualTo(SourceSpec.Kind.SYNTHETIC);
        assertThat(new SourceSpec("synthetic:42").kind()).isEqualTo(SourceSpec.Kind.SYNTHETIC);
        assertThat(new SourceSpec(dir.toString()).kind()).isEqualTo(SourceSpec.Kind.IMAGE_DIRECTORY);
        assertThat(new SourceSpec(dir.resolve("lobby.mp4").toString()).kind())
                .isEqualTo(SourceSpec.Kind.VIDEO_FILE);
        assertThat(new SourceSpec("rtsp://cam-7.local:554/stream1").kind()).isEqualTo(SourceSpec.Kind.LIVE_STREAM);
        assertThat(new SourceSpec("http://10.0.0.5/mjpg/video.mjpg").kind()).isEqualTo(SourceSpec.Kind.LIVE_STREAM);
        assertThat(new SourceSpec("file://" + dir.resolve("a.mp4")).kind()).isEqualTo(SourceSpec.Kind.VIDEO_FILE);
    }

    @Test
    void opensSyntheticScenesBySeedAndLiveStreamsWithReconnection() throws Exception {
        try (FrameSource synthetic = new SourceSpec("synthetic:3").open(SourceSpec.Options.DEFAULTS)) {
            assertThat(synthetic.timing()).isEqualTo(FrameSource.Timing.ON_DEMAND);
            assertThat(synthetic.next().image().getWidth()).isEqualTo(384);
        }
        try (FrameSource camera = new SourceSpec("rtsp://admin:secret@127.0.0.1:1/live")
                .open(SourceSpec.Options.DEFAULTS)) {
            assertThat(camera).isInstanceOf(ReconnectingSource.class);
            assertThat(camera.describe()).doesNotContain("secret");
        }
        assertThat(new SourceSpec("rtsp://admin:secret@127.0.0.1:1/live").toString()).doesNotContain("secret");
    }

    @Test
    void badSourcesFailNamingWhatIsWrong() {
        assertThatThrownBy(() -> new SourceSpec(" ")).hasMessageContaining("a source is required");
        assertThatThrownBy(() -> new SourceSpec("synthetic:x").open(SourceSpec.Options.DEFAULTS))
                .hasMessageContaining("got 'x'");
        assertThatThrownBy(() -> new SourceSpec(dir.resolve("missing.mp4").toString())
                .open(SourceSpec.Options.DEFAULTS)).isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("missing.mp4");
    }
}
