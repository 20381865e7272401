package io.ssdstream.cli;

import java.util.ArrayList;
import java.util.List;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C (SIGINT) and SIGTERM as a request to stop, for the commands that run until stopped. A shutdown hook would
 * run too late: the JVM runs every hook at once, and the embedded broker's own hooks delete its log directory under
 * it (the broker then halts the JVM). Handling the signal lets the command stop its parts in order and return.
 */
public final class StopSignals implements AutoCloseable {

    private static final List<String> SIGNALS = List.of("INT", "TERM");

    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();

    private StopSignals(Runnable stop) {
        for (String name : SIGNALS) {
            Signal signal = new Signal(name);
            signals.add(signal);
            previous.add(Signal.handle(signal, received -> stop.run()));
        }
    }

    /** Calls {@code stop} on Ctrl-C or SIGTERM until closed; closing restores the JVM's own handling. */
    public static StopSignals install(Runnable stop) {
        return new StopSignals(stop);
    }

    @Override
    public void close() {
        for (int i = 0; i < signals.size(); i++) {
            Signal.handle(signals.get(i), previous.get(i));
        }
    }
}
