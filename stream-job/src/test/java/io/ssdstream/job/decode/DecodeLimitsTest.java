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
    void limitsMustBePositive() {
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
