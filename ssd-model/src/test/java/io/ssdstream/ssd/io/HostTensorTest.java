package io.ssdstream.ssd.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HostTensorTest {

    @Test
    void describesShape() {
        HostTensor tensor = new HostTensor(new long[] {2, 3, 1, 1}, new float[6]);

        assertThat(tensor.shapeString()).isEqualTo("(2, 3, 1, 1)");
        assertThat(tensor.elementCount()).isEqualTo(6);
        assertThat(new HostTensor(new long[0], new float[1]).shapeString()).isEqualTo("()");
    }

    @Test
    void rejectsValuesThatDoNotFillShape() {
        assertThatThrownBy(() -> new HostTensor(new long[] {512, 3, 3, 3}, new float[10]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(512, 3, 3, 3)")
                .hasMessageContaining("13824");
        assertThatThrownBy(() -> new HostTensor(new long[] {-1}, new float[0]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void comparesByContentAndKeepsItsShape() {
        long[] shape = {2};
        HostTensor tensor = new HostTensor(shape, new float[] {1, Float.NaN});
        shape[0] = 7;
        tensor.shape()[0] = 9;

        assertThat(tensor.shape()).containsExactly(2);
        assertThat(tensor).isEqualTo(new HostTensor(new long[] {2}, new float[] {1, Float.NaN}))
                .hasSameHashCodeAs(new HostTensor(new long[] {2}, new float[] {1, Float.NaN}))
                .isNotEqualTo(new HostTensor(new long[] {2}, new float[] {1, 2}))
                .isNotEqualTo(new HostTensor(new long[] {2, 1}, new float[] {1, Float.NaN}));
    }
}
