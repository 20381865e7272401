package io.ssdstream.ssd.postprocess;

/** The postprocessing contract when few default boxes survive the score threshold (compacted on the device). */
class SparseSsdPostprocessorTest extends SsdPostprocessorContract {

    @Override
    int backgroundPadding() {
        return 200;
    }
}
