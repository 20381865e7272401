package io.ssdstream.producer.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The source a user names on the command line, and how to open it: {@code synthetic} or {@code synthetic:SEED}
 * (a moving synthetic scene), a directory (its images in name order), a URL with a scheme such as
 * {@code rtsp://} or {@code http://} (a live camera, reopened whenever it drops) or any other path (a video file).
 *
 * @param text the source as given
 */
public record SourceSpec(String text) {

    /** The ways a source is read. */
    public enum Kind { SYNTHETIC, IMAGE_DIRECTORY, LIVE_STREAM, VIDEO_FILE }

    /**
     * How sources are opened.
     *
     * @param loop start files and directories over at their end
     * @param video FFmpeg settings for files and streams ({@code loop} applies on top)
     * @param reconnect how a live stream is reopened
     * @param syntheticWidth synthetic picture width in pixels
     * @param syntheticHeight synthetic picture height in pixels
     * @param syntheticObjects objects moving in a synthetic scene
     */
    public record Options(boolean loop, VideoSource.Options video, ReconnectingSource.Policy reconnect,
            int syntheticWidth, int syntheticHeight, int syntheticObjects) {

        public static final Options DEFAULTS = new Options(false, VideoSource.Options.defaults(),
                ReconnectingSource.Policy.defaults(), 384, 288, 3);
    }

    public SourceSpec {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a source is required: synthetic[:SEED], a directory of images,"
                    + " a video file or a camera URL");
        }
    }

    public Kind kind() {
        if (text.equals("synthetic") || text.startsWith("synthetic:")) {
            return Kind.SYNTHETIC;
        }
        MediaAddress address = MediaAddress.parse(text);
        if (address.isNetwork()) {
            return Kind.LIVE_STREAM;
        }
        return Files.isDirectory(address.file()) ? Kind.IMAGE_DIRECTORY : Kind.VIDEO_FILE;
    }

    /** Opens the source; a live stream's first connection is made by the first {@code next()}. */
    public FrameSource open(Options options) throws IOException {
        return switch (kind()) {
            case SYNTHETIC -> new SyntheticCameraSource(options.syntheticWidth(), options.syntheticHeight(),
                    options.syntheticObjects(), seed());
            case IMAGE_DIRECTORY -> ImageDirectorySource.open(Path.of(text), options.loop());
            case LIVE_STREAM -> new ReconnectingSource(VideoSource.describe(text),
                    () -> VideoSource.open(text, options.video().withLoop(false)), options.reconnect());
            case VIDEO_FILE -> VideoSource.open(text, options.video().withLoop(options.loop()));
        };
    }

    private long seed() {
        if (text.equals("synthetic")) {
            return 1;
        }
        String value = text.substring("synthetic:".length());
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("synthetic:SEED needs a whole number as the seed, got '" + value
                    + "'");
        }
    }

    /** The source for logs: a stream's URL loses its user name and password. */
    @Override
    public String toString() {
        return kind().name().toLowerCase(Locale.ROOT).replace('_', ' ') + " "
                + (kind() == Kind.LIVE_STREAM ? VideoSource.describe(text) : text);
    }
}
