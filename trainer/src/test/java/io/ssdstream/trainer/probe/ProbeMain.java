package io.ssdstream.trainer.probe;

public class ProbeMain {
    public static void main(String[] args) throws Exception {
        new LearnProbeTest().probe();
    }
}
