package io.ssdstream.job.testing;

import java.util.Map;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.metrics.groups.InternalOperatorMetricGroup;
import org.apache.flink.runtime.metrics.groups.UnregisteredMetricGroups;
import org.apache.flink.runtime.metrics.util.InterceptingOperatorMetricGroup;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;

/** Test harness environments whose operator registers its metrics where the test can read them. */
public final class OperatorMetrics {

    private OperatorMetrics() {}

    /** {@code builder} with a task metric group that hands every operator {@code operatorMetrics}. */
    public static MockEnvironmentBuilder interceptedBy(MockEnvironmentBuilder builder,
                                                       InterceptingOperatorMetricGroup operatorMetrics) {
        return builder.setMetricGroup(new UnregisteredMetricGroups.UnregisteredTaskMetricGroup() {
            @Override
            public InternalOperatorMetricGroup getOrAddOperator(OperatorID id, String name,
                                                                Map<String, String> variables) {
                return operatorMetrics;
            }
        });
    }
}
