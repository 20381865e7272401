package io.ssdstream.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;
import io.ssdstream.ssd.io.HostTensor;
import io.ssdstream.ssd.io.StateDict;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stochastic gradient descent with momentum and L2 weight decay, {@code torch.optim.SGD} without dampening or
 * Nesterov: {@code v = momentum * v + (g + decay * w); w = w - lr * v}. Written out over NDArrays, rather than
 * DJL's optimizer, so that the momentum buffers are ours to checkpoint and restore exactly.
 *
 * <p>Updates run outside the gradient collector, on detached views of the weights, and every temporary array is
 * closed at once: arrays derived from a weight would otherwise join the weight's long-lived manager.
 */
final class SgdMomentum implements AutoCloseable {

    private static final NDIndex ALL = new NDIndex("...");

    private final Map<String, Parameter> parameters;
    private final Map<String, NDArray> velocity = new LinkedHashMap<>();
    private final float momentum;
    private final float weightDecay;

    /** @param parameters the trained parameters by state-dict key; frozen ones are left out by the caller */
    SgdMomentum(Map<String, Parameter> parameters, double momentum, double weightDecay) {
        // the caller's (state-dict) order, the same in every JVM: the global gradient norm sums the tensors' squares
        // in this order, and Map.copyOf's order changes from one JVM to the next, and with it the norm's last bit
        this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        this.momentum = (float) momentum;
        this.weightDecay = (float) weightDecay;
        parameters.forEach((key, p) -> velocity.put(key, p.getArray().zerosLike()));
    }

    /**
     * What one call to {@link #step} did.
     *
     * @param gradientNorm the global L2 norm of the gradients before clipping
     * @param applied false when a gradient was not finite and the update was skipped
     */
    record Update(double gradientNorm, boolean applied) {}

    /**
     * Applies one update with the gradients the last backward pass left, then clears them. Like
     * {@code torch.cuda.amp.GradScaler}, a step whose gradients are not all finite changes nothing but the
     * gradients, which are cleared.
     *
     * @param maxGradientNorm when positive, gradients are first scaled down so their global L2 norm is at most
     *     this ({@code torch.nn.utils.clip_grad_norm_})
     */
    Update step(double learningRate, double maxGradientNorm) {
        double norm = gradientNorm();
        if (!Double.isFinite(norm)) {
            clearNonFiniteGradients();
            return new Update(norm, false);
        }
        float clip = maxGradientNorm > 0 && norm > maxGradientNorm ? (float) (maxGradientNorm / norm) : 1f;
        for (Map.Entry<String, Parameter> entry : parameters.entrySet()) {
            NDArray weight = entry.getValue().getArray();
            NDArray v = velocity.get(entry.getKey());
            try (NDArray gradient = weight.getGradient();
                    NDArray w = weight.stopGradient();
                    NDArray decay = w.mul(weightDecay);
                    NDArray clipped = gradient.mul(clip);
                    NDArray direction = clipped.add(decay)) {
                v.muli(momentum).addi(direction);
                try (NDArray delta = v.mul((float) learningRate)) {
                    w.subi(delta);
                }
                // in place and allocation-free; the gradient is known to be finite
                gradient.subi(gradient);
            }
        }
        return new Update(norm, true);
    }

    /** Zeroes gradients that may hold infinities or NaN, which {@code g - g} would keep. */
    private void clearNonFiniteGradients() {
        for (Parameter parameter : parameters.values()) {
            try (NDArray gradient = parameter.getArray().getGradient(); NDArray zeros = gradient.zerosLike()) {
                gradient.set(ALL, zeros);
            }
        }
    }

    /**
     * The global L2 norm, combined in double from per-tensor norms: libtorch accumulates each in double, so one
     * huge gradient (the conv4_3 normalisation of a nearly all-zero location gives ones near 1e20) neither
     * overflows float32 squares nor hides as infinity.
     */
    private double gradientNorm() {
        double squares = 0;
        for (Parameter parameter : parameters.values()) {
            try (NDArray gradient = parameter.getArray().getGradient(); NDArray norm = gradient.norm()) {
                double n = norm.getFloat();
                squares += n * n;
            }
        }
        return Math.sqrt(squares);
    }

    /** The momentum buffers as a host state dict under the parameters' keys. */
    StateDict state() {
        LinkedHashMap<String, HostTensor> tensors = new LinkedHashMap<>();
        velocity.forEach((key, v) -> tensors.put(key, new HostTensor(v.getShape().getShape(), v.toFloatArray())));
        return new StateDict("optimizer", tensors);
    }

    /** Restores buffers saved by {@link #state()}; every trained parameter must have one of the right shape. */
    void restore(StateDict state) {
        for (Map.Entry<String, NDArray> entry : velocity.entrySet()) {
            HostTensor saved = state.get(entry.getKey());
            NDArray v = entry.getValue();
            if (saved == null || saved.elementCount() != v.size()) {
                throw new IllegalArgumentException("the checkpoint's optimizer state has no momentum of shape "
                        + v.getShape() + " for '" + entry.getKey() + "'");
            }
            v.set(saved.values());
        }
    }

    @Override
    public void close() {
        velocity.values().forEach(NDArray::close);
    }
}
