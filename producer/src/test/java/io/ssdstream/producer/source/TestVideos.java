package io.ssdstream.producer.source;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.ShortBuffer;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;

/** Real videos written with FFmpeg for the tests, and the colours they show. */
final class TestVideos {

    static final int WIDTH = 160;
    static final int HEIGHT = 120;
    static final int FRAME_RATE = 25;

    private TestVideos() {}

    /**
     * An MJPEG AVI whose frame i is a solid colour of its own ({@link #colourOf(int)}), with a mono PCM audio track
     * interleaved so readers must skip audio.
     */
    static Path write(Path file, int frames) throws Exception {
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), WIDTH, HEIGHT, 1);
                Java2DFrameConverter converter = new Java2DFrameConverter()) {
            recorder.setFormat("avi");
            recorder.setVideoCodec(avcodec.AV_CODEC_ID_MJPEG);
            recorder.setPixelFormat(avutil.AV_PIX_FMT_YUVJ420P);
            recorder.setFrameRate(FRAME_RATE);
            recorder.setVideoQuality(2);
            recorder.setAudioCodec(avcodec.AV_CODEC_ID_PCM_S16LE);
            recorder.setSampleRate(8000);
            recorder.start();
            short[] silence = new short[8000 / FRAME_RATE];
            for (int i = 0; i < frames; i++) {
                recorder.record(converter.convert(solid(colourOf(i))));
                recorder.recordSamples(8000, 1, ShortBuffer.wrap(silence));
            }
            recorder.stop();
        }
        return file;
    }

    /** 64 colours far apart: each channel one of 0, 85, 170, 255, so JPEG noise never turns one into another. */
    static Color colourOf(int frame) {
        int i = frame % 64;
        return new Color((i >> 4 & 3) * 85, (i >> 2 & 3) * 85, (i & 3) * 85);
    }

    static BufferedImage solid(Color colour) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        g.setColor(colour);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.dispose();
        return image;
    }

    /** The mean colour of the picture's centre quarter. */
    static Color centreColour(BufferedImage image) {
        long r = 0;
        long g = 0;
        long b = 0;
        int n = 0;
        for (int y = image.getHeight() / 4; y < image.getHeight() * 3 / 4; y++) {
            for (int x = image.getWidth() / 4; x < image.getWidth() * 3 / 4; x++) {
                int rgb = image.getRGB(x, y);
                r += rgb >> 16 & 0xFF;
                g += rgb >> 8 & 0xFF;
                b += rgb & 0xFF;
                n++;
            }
        }
        return new Color((int) (r / n), (int) (g / n), (int) (b / n));
    }

    /** Largest per-channel difference between two colours. */
    static int distance(Color a, Color b) {
        return Math.max(Math.abs(a.getRed() - b.getRed()),
                Math.max(Math.abs(a.getGreen() - b.getGreen()), Math.abs(a.getBlue() - b.getBlue())));
    }
}
