package io.ssdstream.job.analytics;

import io.ssdstream.zones.analytics.AnalyticsState;
import io.ssdstream.zones.counting.CounterState;
import java.util.Map;

/**
 * Everything the job keeps per camera between frames for its analytics: the zones module's analytics and counter
 * states, and what the counts record needs that the zones module does not know.
 *
 * @param modelName    name of the model of the camera's latest frame
 * @param modelVersion its version
 * @param classIds     the model's class id of each label seen, for the counts' {@code classId}
 */
public record CameraAnalyticsState(AnalyticsState analytics, CounterState counter, String modelName, String modelVersion,
                            Map<String, Integer> classIds) {

    public static final CameraAnalyticsState EMPTY = new CameraAnalyticsState(AnalyticsState.EMPTY, CounterState.EMPTY, "",
            "", Map.of());

    public CameraAnalyticsState {
        classIds = Map.copyOf(classIds);
    }
}
