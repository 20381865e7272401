package io.ssdstream.ssd.postprocess;

/** The postprocessing contract when most default boxes survive the score threshold (device-side top-k). */
class DenseSsdPostprocessorTest extends SsdPostprocessorContract {

    @Override
    int backgroundPadding() {
        return 0;
    }
}
