package io.ssdstream.job.decode;

import io.ssdstream.schemas.CaptureTimeSource;
import io.ssdstream.schemas.FrameEncoding;
import io.ssdstream.schemas.VideoFrame;
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
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Real image bytes written with javax.imageio, hand-built headers, and frames carrying them. */
final class TestImages {

    static final String CAMERA = "cam-3";
    static final long SEQUENCE = 17;
    static final String PREFIX = "camera cam-3 frame 17: ";

    /** Quadrant colours of {@link #quadrants}: top-left, top-right, bottom-left, bottom-right. */
    static final int[][] QUADRANT_RGB = {{200, 30, 40}, {30, 180, 60}, {40, 60, 210}, {230, 220, 90}};

    private TestImages() {
    }

    static VideoFrame frame(FrameEncoding encoding, int width, int height, byte[] image) {
        return frame(encoding, width, height, ByteBuffer.wrap(image));
    }

    static VideoFrame frame(FrameEncoding encoding, int width, int height, ByteBuffer image) {
        return VideoFrame.newBuilder()
                .setCameraId(CAMERA)
                .setFrameSequence(SEQUENCE)
                .setCaptureTime(Instant.ofEpochMilli(1_700_000_000_000L))
                .setCaptureTimeSource(CaptureTimeSource.CAMERA)
                .setIngestTime(Instant.ofEpochMilli(1_700_000_000_040L))
                .setWidth(width)
                .setHeight(height)
                .setEncoding(encoding)
                .setImage(image)
                .setMetadata(Map.of())
                .build();
    }

    /** Four flat colour blocks, aligned to JPEG's 16-pixel blocks so that compression keeps them nearly exact. */
    static BufferedImage quadrants(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int[] rgb = QUADRANT_RGB[quadrant(x, y, width, height)];
                image.setRGB(x, y, rgb[0] << 16 | rgb[1] << 8 | rgb[2]);
            }
        }
        return image;
    }

    static int quadrant(int x, int y, int width, int height) {
        return (y < height / 2 ? 0 : 2) + (x < width / 2 ? 0 : 1);
    }

    static BufferedImage noise(int width, int height, int type, long seed) {
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(width, height, type);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt());
            }
        }
        return image;
    }

    /** The image's pixels packed R G B, alpha dropped. */
    static byte[] packedRgb(BufferedImage image) {
        byte[] rgb = new byte[image.getWidth() * image.getHeight() * 3];
        int i = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int argb = image.getRGB(x, y);
                rgb[i++] = (byte) (argb >> 16);
                rgb[i++] = (byte) (argb >> 8);
                rgb[i++] = (byte) argb;
            }
        }
        return rgb;
    }

    static byte[] png(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("no PNG writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] jpeg(BufferedImage image, boolean progressive) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.95f);
            if (progressive) {
                param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
            }
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /**
     * A small JPEG that looks valid up to its entropy-coded data: SOI, a frame header of the given SOFn marker and
     * size, a scan header, two bytes of scan data and EOI. Enough for a header probe, not for a decoder.
     */
    static byte[] jpegHeader(int sofMarker, int width, int height) {
        return concat(
                bytes(0xFF, 0xD8),
                bytes(0xFF, sofMarker, 0x00, 0x11, 0x08, height >> 8, height, width >> 8, width, 0x03,
                        0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01),
                jpegScan());
    }

    /** A scan header for three components, two bytes of scan data and EOI. */
    static byte[] jpegScan() {
        return bytes(0xFF, 0xDA, 0x00, 0x0C, 0x03, 0x01, 0x00, 0x02, 0x11, 0x03, 0x11, 0x00, 0x3F, 0x00,
                0x12, 0x34, 0xFF, 0xD9);
    }

    /** A PNG that looks valid up to its pixel data: signature, IHDR of the given size, a tiny IDAT and IEND. */
    static byte[] pngHeader(int width, int height) {
        byte[] ihdr = concat(int32(width), int32(height), bytes(8, 2, 0, 0, 0));
        return concat(bytes(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A),
                pngChunk("IHDR", ihdr),
                pngChunk("IDAT", bytes(0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01)),
                pngChunk("IEND", new byte[0]));
    }

    static byte[] pngChunk(String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        return concat(int32(data.length), typeBytes, data, int32((int) crc.getValue()));
    }

    static byte[] int32(int value) {
        return bytes(value >>> 24, value >>> 16, value >>> 8, value);
    }

    static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    static byte[] concat(byte[]... parts) {
        int length = Arrays.stream(parts).mapToInt(p -> p.length).sum();
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}
