package io.ssdstream.ssd.io;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ElementTypeTest {

    /** Every binary16 value against its definition: (-1)^s * 2^(e-15) * (1 + m/1024), subnormals 2^-14 * m/1024. */
    @Test
    void widensEveryHalfPrecisionValueExactly() {
        for (int bits = 0; bits <= 0xffff; bits++) {
            int sign = bits >>> 15;
            int exponent = (bits >>> 10) & 0x1f;
            int mantissa = bits & 0x3ff;
            double magnitude = exponent == 0
                    ? Math.scalb(mantissa / 1024.0, -14)
                    : exponent == 0x1f
                            ? (mantissa == 0 ? Double.POSITIVE_INFINITY : Double.NaN)
                            : Math.scalb(1 + mantissa / 1024.0, exponent - 15);
            float expected = (float) (sign == 1 ? -magnitude : magnitude);

            float actual = ElementType.halfToFloat((short) bits);

            assertThat(Float.floatToIntBits(actual)).as("half 0x%04x", bits)
                    .isEqualTo(Float.floatToIntBits(expected));
        }
    }

    @Test
    void keepsNanPayloads() {
        assertThat(Float.floatToRawIntBits(ElementType.halfToFloat((short) 0x7e01))).isEqualTo(0x7fc02000);
    }
}
