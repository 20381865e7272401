package io.ssdstream.tracking;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TrackerConfigTest {

    private static final TrackerConfig D = TrackerConfig.defaults();

    @Test
    void refusesEachBadSettingNamingIt() {
        assertThatThrownBy(() -> D.withConfirmationHits(0)).hasMessageContaining("confirmation hits 0");
        assertThatThrownBy(() -> new TrackerConfig(3, 0.3, 0.5, 0.2, Duration.ofSeconds(2), 0.1,
                Duration.ofSeconds(10), 0.5, Duration.ofSeconds(1))).hasMessageContaining("low (0.5)");
        assertThatThrownBy(() -> new TrackerConfig(3, 0.5, 0.1, 0, Duration.ofSeconds(2), 0.1,
                Duration.ofSeconds(10), 0.5, Duration.ofSeconds(1))).hasMessageContaining("match IoU 0");
        assertThatThrownBy(() -> D.withMaxLostAge(Duration.ZERO)).hasMessageContaining("max lost age");
        assertThatThrownBy(() -> D.withStationaryAfter(Duration.ofSeconds(-1))).hasMessageContaining("stationary after");
        assertThatThrownBy(() -> D.withUpdateInterval(Duration.ofMillis(-5))).hasMessageContaining("update interval");
    }

    @Test
    void refusesAnEmptyBoxAndAScoreOutOfRange() {
        assertThatThrownBy(() -> new Box(10, 10, 10, 20)).hasMessageContaining("empty");
        assertThatThrownBy(() -> new Box(Double.NaN, 0, 1, 1)).hasMessageContaining("not finite");
        assertThatThrownBy(() -> new Observation(new Box(0, 0, 1, 1), "car", 1.5))
                .hasMessageContaining("score 1.5 of 'car'");
    }
}
