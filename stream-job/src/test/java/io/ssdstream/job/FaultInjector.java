package io.ssdstream.job;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFilterFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;

/**
 * Fails the task it is chained into, when the test arms it: while an element is on its way to the sink (an
 * open transaction), while the task snapshots its state (after the sinks pre-committed their transactions, before the
 * checkpoint completes), or when the checkpoint has completed (racing the sinks' commit of that checkpoint's
 * transactions). It passes nothing on.
 *
 * <p>The MiniCluster runs in the test's JVM, so the test and every attempt of every subtask share the static board;
 * the test sees there which attempt each subtask is on and which checkpoint completed last.
 */
final class FaultInjector<T> extends RichFilterFunction<T> implements CheckpointedFunction, CheckpointListener {

    enum Point { WHILE_PROCESSING, IN_SNAPSHOT, AFTER_CHECKPOINT_COMPLETE }

    /** A fault waiting for the given subtask to reach the given point. */
    record Armed(Point point, int subtask) {}

    static final int MAX_SUBTASKS = 8;
    private static final AtomicReference<Armed> ARMED = new AtomicReference<>();
    private static final AtomicIntegerArray ATTEMPTS = new AtomicIntegerArray(MAX_SUBTASKS);
    private static final AtomicLong LAST_COMPLETED_CHECKPOINT = new AtomicLong(-1);

    private transient int subtask;

    static void reset() {
        ARMED.set(null);
        for (int i = 0; i < MAX_SUBTASKS; i++) {
            ATTEMPTS.set(i, -1);
        }
        LAST_COMPLETED_CHECKPOINT.set(-1);
    }

    static void arm(Point point, int subtask) {
        if (!ARMED.compareAndSet(null, new Armed(point, subtask))) {
            throw new IllegalStateException("a fault is already armed: " + ARMED.get());
        }
    }

    /** Whether the armed fault has been injected. */
    static boolean fired() {
        return ARMED.get() == null;
    }

    /** The attempt the subtask runs (0 before its first restart), -1 before it opened. */
    static int attempt(int subtask) {
        return ATTEMPTS.get(subtask);
    }

    static long lastCompletedCheckpoint() {
        return LAST_COMPLETED_CHECKPOINT.get();
    }

    @Override
    public void open(OpenContext context) {
        subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        ATTEMPTS.set(subtask, getRuntimeContext().getTaskInfo().getAttemptNumber());
    }

    @Override
    public boolean filter(T element) {
        failIfArmed(Point.WHILE_PROCESSING);
        return false;
    }

    @Override
    public void initializeState(FunctionInitializationContext context) {}

    @Override
    public void snapshotState(FunctionSnapshotContext context) {
        failIfArmed(Point.IN_SNAPSHOT);
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        LAST_COMPLETED_CHECKPOINT.accumulateAndGet(checkpointId, Math::max);
        failIfArmed(Point.AFTER_CHECKPOINT_COMPLETE);
    }

    private void failIfArmed(Point point) {
        Armed armed = ARMED.get();
        if (new Armed(point, subtask).equals(armed) && ARMED.compareAndSet(armed, null)) {
            throw new InjectedFault(armed);
        }
    }

    static final class InjectedFault extends RuntimeException {
        InjectedFault(Armed fault) {
            super("injected fault " + fault.point() + " in subtask " + fault.subtask());
        }
    }
}
