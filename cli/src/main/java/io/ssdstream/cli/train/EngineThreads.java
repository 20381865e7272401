package io.ssdstream.cli.train;

/**
 * libtorch's CPU thread counts for the commands that also run data-loading workers. Read once, when the PyTorch
 * engine starts, so they are set before any tensor exists; JVM options ({@code -Dai.djl.pytorch.num_threads})
 * given by the operator win.
 */
final class EngineThreads {

    private static final String INTRA_OP = "ai.djl.pytorch.num_threads";
    private static final String INTER_OP = "ai.djl.pytorch.num_interop_threads";

    private EngineThreads() {}

    /**
     * @param threads libtorch's intra-op threads; null leaves the cores the loader workers do not use, at least one,
     *     because OpenMP threads busy-wait and a core shared with a worker slows a step several times over
     */
    static void configure(Integer threads, int workers) {
        int cores = Runtime.getRuntime().availableProcessors();
        int intraOp = threads != null ? threads : Math.max(1, cores - workers);
        if (intraOp < 1) {
            throw new IllegalArgumentException("--threads must be at least 1, got " + intraOp);
        }
        if (System.getProperty(INTRA_OP) == null) {
            System.setProperty(INTRA_OP, Integer.toString(intraOp));
        }
        if (System.getProperty(INTER_OP) == null) {
            System.setProperty(INTER_OP, "1");
        }
    }
}
