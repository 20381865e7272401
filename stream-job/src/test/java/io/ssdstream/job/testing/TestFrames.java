package io.ssdstream.job.testing;

import io.ssdstream.job.frame.DecodedFrame;
import io.ssdstream.job.frame.SourcePosition;
import io.ssdstream.schemas.CaptureTimeSource;
import io.ssdstream.schemas.FrameEncoding;
import io.ssdstream.schemas.VideoFrame;
import io.ssdstream.schemas.WireCodec;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/** Real frames for the job's tests: JPEG scenes wrapped in {@code VideoFrame}s, and the bad inputs the job must survive. */
public final class TestFrames {

    private static final WireCodec<VideoFrame> CODEC = WireCodec.forRecord(VideoFrame.class);

    private TestFrames() {}

    /**
     * A frame as the detect stage receives it: decoded, 32×24 black, with 40 bytes standing for its Kafka record and
     * the capture time as the record's timestamp.
     */
    public static StreamRecord<DecodedFrame> decoded(String camera, long sequence, long captured) {
        DecodedFrame frame = new DecodedFrame();
        frame.cameraId = camera;
        frame.frameSequence = sequence;
        frame.captureTimeMillis = captured;
        frame.width = 32;
        frame.height = 24;
        frame.rgb = new byte[32 * 24 * 3];
        frame.original = new byte[40];
        frame.position = new SourcePosition("frames", 0, sequence);
        return new StreamRecord<>(frame, captured);
    }

    /** A small JPEG scene that differs per camera and frame. */
    public static byte[] jpeg(int width, int height, long seed) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        Random random = new Random(seed);
        g.setColor(new Color(random.nextInt(0xFFFFFF)));
        g.fillRect(0, 0, width, height);
        for (int i = 0; i < 4; i++) {
            g.setColor(new Color(random.nextInt(0xFFFFFF)));
            g.fillRect(random.nextInt(width), random.nextInt(height), 10 + random.nextInt(width / 2), 10 + random.nextInt(height / 2));
        }
        g.dispose();
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "jpg", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static VideoFrame frame(String camera, long sequence, int width, int height, FrameEncoding encoding,
                                   byte[] image, Instant captured) {
        return VideoFrame.newBuilder()
                .setCameraId(camera)
                .setFrameSequence(sequence)
                .setCaptureTime(captured)
                .setCaptureTimeSource(CaptureTimeSource.CAMERA)
                .setIngestTime(captured)
                .setWidth(width)
                .setHeight(height)
                .setEncoding(encoding)
                .setImage(ByteBuffer.wrap(image))
                .setMetadata(Map.of())
                .build();
    }

    /** A good JPEG frame, on the wire. */
    public static byte[] jpegFrame(String camera, long sequence, Instant captured) {
        int width = 160;
        int height = 120;
        return encode(frame(camera, sequence, width, height, FrameEncoding.JPEG,
                jpeg(width, height, camera.hashCode() * 31L + sequence), captured));
    }

    public static byte[] encode(VideoFrame frame) {
        try {
            return CODEC.encode(frame);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A JPEG cut in half. */
    public static byte[] truncated(byte[] jpeg) {
        return Arrays.copyOf(jpeg, jpeg.length / 2);
    }

    /** The start of a PNG that declares {@code width x height} pixels: what a decompression bomb looks like. */
    public static byte[] pngHeader(int width, int height) {
        ByteBuffer png = ByteBuffer.allocate(8 + 25);
        png.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(17);
        ihdr.put("IHDR".getBytes(StandardCharsets.US_ASCII)).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        CRC32 crc = new CRC32();
        crc.update(ihdr.array());
        png.putInt(13).put(ihdr.array()).putInt((int) crc.getValue());
        return png.array();
    }
}
