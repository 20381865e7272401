package io.ssdstream.producer.source;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pictures of a video file or a network stream (RTSP, HTTP MJPEG, RTMP, UDP, ...) decoded by FFmpeg.
 *
 * <p>A local file is {@link Timing#RECORDED}: media times are the video's presentation times, continued across
 * loops so they keep increasing. A URL is {@link Timing#LIVE}: media times are arrival times, because stream
 * timestamps start anywhere and jump when a camera restarts. Neither gives a camera time: FFmpeg offers no
 * wall-clock capture time that could be trusted here.
 *
 * <p>Audio and other streams are skipped. A live stream that drops ends ({@code null}) or fails
 * ({@link IOException}); wrap it in a {@link ReconnectingSource} to keep a camera feed going.
 */
public final class VideoSource implements FrameSource {

    private static final Logger LOG = LoggerFactory.getLogger(VideoSource.class);
    /** Used between loops when a file does not state its frame rate. */
    private static final double FALLBACK_FRAME_RATE = 25;

    static {
        // FFmpeg logs to stderr, some warnings once per frame (MJPEG cameras: "deprecated pixel format used"):
        // operators get its errors only, and this class's one line per significant event
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    }

    private final MediaAddress address;
    private final Options options;
    private final FFmpegFrameGrabber grabber;
    private final Java2DFrameConverter converter = new Java2DFrameConverter();
    private final ElapsedMicros arrival = new ElapsedMicros();
    private final long frameIntervalMicros;
    private long loopOffsetMicros;
    private long lastMediaTimeMicros = -1;
    private boolean closed;

    private VideoSource(MediaAddress address, Options options, FFmpegFrameGrabber grabber) {
        this.address = address;
        this.options = options;
        this.grabber = grabber;
        double frameRate = grabber.getFrameRate() > 0 ? grabber.getFrameRate() : FALLBACK_FRAME_RATE;
        this.frameIntervalMicros = Math.round(1_000_000 / frameRate);
    }

    /**
     * Opens a video file or a stream URL and reads its stream information (which may read the first pictures).
     *
     * @throws NoSuchFileException if a local file does not exist (the message names it)
     * @throws IOException if FFmpeg cannot open or decode it, or it holds no video; the message names the source
     * @throws IllegalArgumentException if {@code options} ask to loop a network stream
     */
    public static VideoSource open(String fileOrUrl, Options options) throws IOException {
        Objects.requireNonNull(options, "options");
        MediaAddress address = MediaAddress.parse(fileOrUrl);
        if (address.isNetwork() && options.loop()) {
            throw new IllegalArgumentException("loop applies to video files, not to the live stream " + address);
        }
        if (!address.isNetwork()) {
            Path file = address.file();
            if (!Files.isRegularFile(file)) {
                throw new NoSuchFileException(file.toString(), null, "no such video file");
            }
        }
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(address.forFfmpeg());
        if (options.inputFormat() != null) {
            grabber.setFormat(options.inputFormat());
        }
        options.ffmpegOptions(address).forEach(grabber::setOption);
        try {
            grabber.start();
        } catch (FrameGrabber.Exception e) {
            release(grabber, address);
            throw new IOException("cannot open video source " + address + ": " + FfmpegFailure.reason(e), e);
        }
        if (!grabber.hasVideo()) {
            release(grabber, address);
            throw new IOException("video source " + address + " holds no video stream");
        }
        LOG.info("Opened video source {}: {}x{}, {} fps, codec {}", address, grabber.getImageWidth(),
                grabber.getImageHeight(), String.format(Locale.ROOT, "%.2f", grabber.getFrameRate()),
                grabber.getVideoCodecName());
        return new VideoSource(address, options, grabber);
    }

    /** How a source opened from this file or URL {@linkplain #describe() describes} itself: no credentials. */
    public static String describe(String fileOrUrl) {
        return MediaAddress.parse(fileOrUrl).toString();
    }

    @Override
    public SourceFrame next() throws IOException {
        if (closed) {
            throw new IOException("video source " + address + " is closed");
        }
        Frame frame = grabImage();
        if (frame == null && options.loop()) {
            rewind();
            frame = grabImage();
        }
        if (frame == null) {
            return null;
        }
        return new SourceFrame(copy(converter.convert(frame)), mediaTimeMicros(frame), null);
    }

    @Override
    public Timing timing() {
        return address.isNetwork() ? Timing.LIVE : Timing.RECORDED;
    }

    @Override
    public String describe() {
        return address.toString();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            release(grabber, address);
        }
    }

    private Frame grabImage() throws IOException {
        try {
            return grabber.grabImage();
        } catch (FrameGrabber.Exception e) {
            throw new IOException("cannot read video source " + address + ": " + FfmpegFailure.reason(e), e);
        }
    }

    private void rewind() throws IOException {
        loopOffsetMicros = lastMediaTimeMicros + frameIntervalMicros;
        try {
            // reopening is the one rewind every container supports; seeking to 0 misses the first frames of some
            grabber.restart();
        } catch (FrameGrabber.Exception e) {
            throw new IOException("cannot restart video file " + address + ": " + FfmpegFailure.reason(e), e);
        }
    }

    private long mediaTimeMicros(Frame frame) {
        long time = timing() == Timing.LIVE ? arrival.next() : loopOffsetMicros + frame.timestamp;
        // a damaged file may repeat or go back in time; the contract promises increasing times
        lastMediaTimeMicros = Math.max(time, lastMediaTimeMicros + 1);
        return lastMediaTimeMicros;
    }

    /** A picture of its own: the converter hands out the same buffer for every frame. */
    private static BufferedImage copy(BufferedImage shared) {
        return new BufferedImage(shared.getColorModel(), shared.copyData(null), shared.isAlphaPremultiplied(), null);
    }

    private static void release(FFmpegFrameGrabber grabber, MediaAddress address) {
        try {
            grabber.close();
        } catch (FrameGrabber.Exception e) {
            LOG.warn("Closing video source {} failed: {}", address, FfmpegFailure.reason(e));
        }
    }

    /**
     * How to open a video.
     *
     * @param loop play a file again from the start when it ends (files only)
     * @param rtspTransport how RTSP carries the media; TCP passes firewalls and NAT and loses no packets
     * @param ioTimeout how long a network read or connect may block before the source fails: a dead camera raises
     *        an {@link IOException} instead of hanging the feed. Opening can take up to twice this (JavaCV retries
     *        once). FFmpeg 7.1 offers no such bound for RTMP, whose {@code timeout} option means listening.
     * @param inputFormat an FFmpeg demuxer name (for example {@code mpjpeg}, {@code h264}) for inputs FFmpeg does
     *        not recognise by probing, or null to probe
     * @param liveProbe how much of a network stream FFmpeg reads on opening to learn its format (its
     *        {@code analyzeduration}); files are probed as FFmpeg does by default. FFmpeg's own 5 s reads about
     *        20 frames of an H.264 camera to estimate a frame rate that a live source never uses, which made each
     *        (re)connection to a 10 fps camera take 3 s; the picture size, all a live source needs, comes with the
     *        stream's parameter sets or first picture
     */
    public record Options(boolean loop, RtspTransport rtspTransport, Duration ioTimeout, String inputFormat,
            Duration liveProbe) {

        public static final Duration DEFAULT_IO_TIMEOUT = Duration.ofSeconds(10);
        public static final Duration DEFAULT_LIVE_PROBE = Duration.ofMillis(500);

        /** Protocols whose {@code timeout} option bounds socket I/O in FFmpeg 7.1 (RTSP dropped {@code stimeout}). */
        private static final Set<String> SOCKET_TIMEOUT_PROTOCOLS =
                Set.of("rtsp", "rtsps", "http", "https", "tcp", "udp", "srt");

        public Options {
            Objects.requireNonNull(rtspTransport, "rtspTransport");
            Objects.requireNonNull(ioTimeout, "ioTimeout");
            if (ioTimeout.isNegative() || ioTimeout.isZero()) {
                throw new IllegalArgumentException("ioTimeout must be positive, got " + ioTimeout);
            }
            if (inputFormat != null && inputFormat.isBlank()) {
                throw new IllegalArgumentException("inputFormat must be null (probe) or an FFmpeg format name");
            }
            Objects.requireNonNull(liveProbe, "liveProbe");
            if (liveProbe.isNegative() || liveProbe.isZero()) {
                throw new IllegalArgumentException("liveProbe must be positive, got " + liveProbe);
            }
        }

        /** Play once, RTSP over TCP, 10 s I/O timeout, probe the format, 500 ms of a live stream. */
        public static Options defaults() {
            return new Options(false, RtspTransport.TCP, DEFAULT_IO_TIMEOUT, null, DEFAULT_LIVE_PROBE);
        }

        public Options withLoop(boolean loop) {
            return new Options(loop, rtspTransport, ioTimeout, inputFormat, liveProbe);
        }

        public Options withIoTimeout(Duration ioTimeout) {
            return new Options(loop, rtspTransport, ioTimeout, inputFormat, liveProbe);
        }

        public Options withInputFormat(String inputFormat) {
            return new Options(loop, rtspTransport, ioTimeout, inputFormat, liveProbe);
        }

        public Options withLiveProbe(Duration liveProbe) {
            return new Options(loop, rtspTransport, ioTimeout, inputFormat, liveProbe);
        }

        /** The FFmpeg options these settings mean for one address. */
        Map<String, String> ffmpegOptions(MediaAddress address) {
            Map<String, String> ffmpeg = new LinkedHashMap<>();
            String scheme = address.scheme().orElse("");
            if (!address.isNetwork()) {
                return ffmpeg;
            }
            String micros = Long.toString(ioTimeout.toNanos() / 1_000);
            // rw_timeout is FFmpeg's protocol-independent bound, but RTSP and RTMP do not consult it
            ffmpeg.put("rw_timeout", micros);
            ffmpeg.put("analyzeduration", Long.toString(liveProbe.toNanos() / 1_000));
            if (SOCKET_TIMEOUT_PROTOCOLS.contains(scheme)) {
                ffmpeg.put("timeout", micros);
            }
            if (scheme.startsWith("rtsp")) {
                ffmpeg.put("rtsp_transport", rtspTransport.ffmpegName());
            }
            return ffmpeg;
        }
    }

    /** How RTSP carries the media. */
    public enum RtspTransport {
        TCP, UDP;

        String ffmpegName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
