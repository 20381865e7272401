package io.ssdstream.ssd.detector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeviceSpecTest {

    @Test
    void readsEverySpelling() {
        assertThat(DeviceSpec.parse("auto")).isEqualTo(DeviceSpec.AUTO);
        assertThat(DeviceSpec.parse(" CPU ")).isEqualTo(DeviceSpec.CPU);
        assertThat(DeviceSpec.parse("gpu")).isEqualTo(DeviceSpec.gpu(0));
        assertThat(DeviceSpec.parse("GPU:3")).isEqualTo(DeviceSpec.gpu(3));
    }

    @ParameterizedTest
    @ValueSource(strings = {"auto", "cpu", "gpu:0", "gpu:12"})
    void itsTextReadsBack(String text) {
        assertThat(DeviceSpec.parse(text).toString()).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tpu", "", "gpu:", "gpu:x", "gpu:-1", "gpu:99999999999", "cpu:0", "gpu:1:2"})
    void refusesAnythingElseNamingTheValue(String text) {
        assertThatThrownBy(() -> DeviceSpec.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("device '" + text + "' is not one of auto, cpu, gpu, gpu:N (N a GPU index from 0)");
    }

    @Test
    void isWrittenAsItsOptionTextInJson() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertThat(json.writeValueAsString(DeviceSpec.gpu(1))).isEqualTo("\"gpu:1\"");
        assertThat(json.readValue("\"cpu\"", DeviceSpec.class)).isEqualTo(DeviceSpec.CPU);
    }
}
