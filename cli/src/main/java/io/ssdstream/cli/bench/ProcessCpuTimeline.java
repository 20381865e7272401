package io.ssdstream.cli.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * This process's CPU time, sampled against the wall clock while a benchmark runs, so that the CPU a job spent over
 * the same window as its throughput can be read afterwards: the work a stage adds per frame, beside the frames per
 * second that also depend on how the cores were shared out.
 */
final class ProcessCpuTimeline implements AutoCloseable {

    private static final long SAMPLE_MILLIS = 50;

    private record Sample(long epochMillis, long cpuNanos) {}

    private final OperatingSystemMXBean os =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final List<Sample> samples = new ArrayList<>();
    private final Thread sampler;
    private volatile boolean running = true;

    ProcessCpuTimeline() {
        sample();
        sampler = new Thread(() -> {
            while (running) {
                try {
                    Thread.sleep(SAMPLE_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
                sample();
            }
        }, "bench-cpu-timeline");
        sampler.setDaemon(true);
        sampler.start();
    }

    private void sample() {
        Sample sample = new Sample(System.currentTimeMillis(), os.getProcessCpuTime());
        synchronized (samples) {
            samples.add(sample);
        }
    }

    /** CPU seconds this process spent between two wall-clock instants, interpolated between the samples. */
    double cpuSecondsBetween(long fromEpochMillis, long toEpochMillis) {
        return (cpuNanosAt(toEpochMillis) - cpuNanosAt(fromEpochMillis)) / 1e9;
    }

    private double cpuNanosAt(long epochMillis) {
        synchronized (samples) {
            Sample first = samples.get(0);
            Sample last = samples.get(samples.size() - 1);
            if (epochMillis < first.epochMillis() || epochMillis > last.epochMillis()) {
                throw new IllegalArgumentException("instant " + epochMillis + " outside the timeline's "
                        + first.epochMillis() + ".." + last.epochMillis());
            }
            for (int i = 1; i < samples.size(); i++) {
                Sample after = samples.get(i);
                if (after.epochMillis() >= epochMillis) {
                    Sample before = samples.get(i - 1);
                    long span = after.epochMillis() - before.epochMillis();
                    double share = span == 0 ? 1 : (double) (epochMillis - before.epochMillis()) / span;
                    return before.cpuNanos() + share * (after.cpuNanos() - before.cpuNanos());
                }
            }
            return first.cpuNanos();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        sampler.interrupt();
        sampler.join();
        sample();
    }
}
