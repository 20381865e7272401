package io.ssdstream.ssd.detector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import org.junit.jupiter.api.Test;

class DeviceSelectorTest {

    @Test
    void selectsTheDeviceOnThisMachine() {
        assertThat(DeviceSelector.select(DeviceSpec.CPU)).isEqualTo(Device.cpu());
        boolean hasGpu = DeviceSelector.gpuCount() > 0;
        assertThat(DeviceSelector.select(DeviceSpec.AUTO)).isEqualTo(hasGpu ? Device.gpu(0) : Device.cpu());
    }

    @Test
    void aGpuThisMachineLacksIsNamedWithTheCount() {
        int gpus = DeviceSelector.gpuCount();
        assertThatThrownBy(() -> DeviceSelector.select(DeviceSpec.gpu(gpus)))
                .hasMessageStartingWith("device 'gpu:" + gpus + "': PyTorch sees " + gpus + " GPU(s)");
    }
}
