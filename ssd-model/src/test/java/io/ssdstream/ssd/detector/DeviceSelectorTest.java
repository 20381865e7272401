package io.ssdstream.ssd.detector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.engine.Engine;
import org.junit.jupiter.api.Test;

class DeviceSelectorTest {

    @Test
    void parsesEverySpelling() {
        assertThat(DeviceSelector.select("cpu")).isEqualTo(Device.cpu());
        assertThat(DeviceSelector.select(" CPU ")).isEqualTo(Device.cpu());
        boolean hasGpu = Engine.getEngine("PyTorch").getGpuCount() > 0;
        assertThat(DeviceSelector.select("auto")).isEqualTo(hasGpu ? Device.gpu(0) : Device.cpu());
    }

    @Test
    void namesTheBadValue() {
        assertThatThrownBy(() -> DeviceSelector.select("tpu"))
                .hasMessageContaining("'tpu'").hasMessageContaining("cpu, gpu, gpu:N, auto");
        assertThatThrownBy(() -> DeviceSelector.select("gpu:x")).hasMessageContaining("non-negative integer");
        assertThatThrownBy(() -> DeviceSelector.select("gpu:99")).hasMessageContaining("GPU(s)");
    }
}
