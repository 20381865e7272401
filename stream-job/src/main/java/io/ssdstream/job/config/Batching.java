package io.ssdstream.job.config;

/** Where the job forms its micro-batches and runs the model. */
public enum Batching {
    /** Each slot batches its own frames and runs the model in its task thread, which decodes nothing meanwhile. */
    SLOT,
    /**
     * One inference thread per model and device in each TaskManager batches the frames of every slot using that
     * device, while the task threads go on reading and decoding.
     */
    DEVICE
}
