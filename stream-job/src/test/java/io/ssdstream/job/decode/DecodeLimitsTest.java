package io.ssdstream.job.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DecodeLimitsTest {

    @Test
    void defaultsAre8192SquaredPixelsAnd32MiB() {
        assertThat(DecodeLimits.DEFAULTS.maxPixels()).isEqualTo(67_108_864L);
        assertThat(DecodeLimits.DEFAULTS.maxEncodedBytes()).isEqualTo(33_554_432);
    }

    @Test
    void theJpegWorkLimitsDefaultTo64ScansAnd1024PixelsPerByte() {
        assertThat(DecodeLimits.DEFAULTS.maxJpegScans()).isEqualTo(64);
        assertThat(DecodeLimits.DEFAULTS.maxJpegPixelsPerByte()).isEqualTo(1024);
        assertThat(new DecodeLimits(100, 1000)).isEqualTo(new DecodeLimits(100, 1000, 64, 1024));
    }

    @Test
    void limitsMustBePositive() {
        assertThatThrownBy(() -> new DecodeLimits(1, 1, 0, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxJpegScans must be positive, got 0");
        assertThatThrownBy(() -> new DecodeLimits(1, 1, 1, -2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxJpegPixelsPerByte must be positive, got -2");
        assertThatThrownBy(() -> new DecodeLimits(0, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxPixels").hasMessageContaining("got 0");
        assertThatThrownBy(() -> new DecodeLimits(1, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxEncodedBytes must be positive, got -1");
    }

    @Test
    void aDecodedFrameMustFitInOneByteArray() {
        assertThat(new DecodeLimits(DecodeLimits.MAX_PIXELS_PER_ARRAY, 1).maxPixels() * 3)
                .isLessThanOrEqualTo(Integer.MAX_VALUE - 8);
        assertThatThrownBy(() -> new DecodeLimits(DecodeLimits.MAX_PIXELS_PER_ARRAY + 1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fits in one byte array");
    }
}
