package io.ssdstream.trainer.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.ssdstream.ssd.loss.LossTerms;
import io.ssdstream.ssd.loss.MultiBoxLoss;
import io.ssdstream.ssd.model.SsdNetwork;
import java.nio.FloatBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SGD update: upload the batch, forward in training mode, MultiBox loss, backward, optimizer step.
 *
 * <p>A backward pass whose gradients are not finite is recomputed, from the same batch and weights, up to
 * {@value #ATTEMPTS} passes in all: libtorch's CPU backward has returned NaN for an identical computation now and
 * then (oneDNN's AVX2 kernels; see docs/trainer.md), and a skipped step would make two identical runs differ. A step
 * still not finite after every pass is skipped and logged; ten skipped in a row, or a non-finite loss, end the run as
 * divergence.
 *
 * <p>Everything the step allocates lives in a sub-manager of the model's manager that is closed before returning,
 * default boxes included: they are uploaded from the host each step, because arrays derived from a long-lived
 * array would join its manager and accumulate. Gradients are recorded only inside the collector, on the calling
 * thread (libtorch's grad mode is thread-local).
 */
final class TrainingStep {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingStep.class);
    /** Isolated non-finite gradients are skipped, as mixed-precision scalers do; a run of them is divergence. */
    private static final int MAX_SKIPPED_IN_A_ROW = 10;
    /** Backward passes tried per step before it is skipped. */
    static final int ATTEMPTS = 3;

    /** The two loss terms of one step, already divided by the batch's matched default boxes. */
    record Loss(double boxRegression, double classification, double gradientNorm) {
        double total() {
            return boxRegression + classification;
        }
    }

    /** The loss terms of one forward pass, on the host. */
    private record LossValues(double boxRegression, double classification) {}

    private final NDManager modelManager;
    private final SsdNetwork network;
    private final float[] anchors;
    private final MultiBoxLoss loss;
    private final SgdMomentum optimizer;
    private final double maxGradientNorm;
    private int skippedInARow;
    private long recomputedSteps;

    TrainingStep(NDManager modelManager, SsdNetwork network, float[] anchors, MultiBoxLoss loss, SgdMomentum optimizer,
            double maxGradientNorm) {
        this.modelManager = modelManager;
        this.network = network;
        this.anchors = anchors;
        this.loss = loss;
        this.optimizer = optimizer;
        this.maxGradientNorm = maxGradientNorm;
    }

    Loss run(Batch batch, double learningRate, long step) {
        for (int attempt = 1; ; attempt++) {
            LossValues terms = forwardAndBackward(batch, step);
            SgdMomentum.Update update = optimizer.step(learningRate, maxGradientNorm);
            if (update.applied()) {
                skippedInARow = 0;
                if (attempt > 1) {
                    recomputedSteps++;
                    LOG.debug("Step {} needed {} backward passes", step + 1, attempt);
                }
                return new Loss(terms.boxRegression(), terms.classification(), update.gradientNorm());
            }
            if (attempt == ATTEMPTS) {
                if (++skippedInARow >= MAX_SKIPPED_IN_A_ROW) {
                    throw diverged(step, "the gradients were not finite " + skippedInARow + " steps in a row");
                }
                LOG.warn("Step {} skipped: the gradient norm is {} after {} backward passes", step + 1,
                        update.gradientNorm(), ATTEMPTS);
                return new Loss(terms.boxRegression(), terms.classification(), update.gradientNorm());
            }
        }
    }

    /** Steps whose first backward pass gave non-finite gradients and a later one finite gradients. */
    long recomputedSteps() {
        return recomputedSteps;
    }

    /** Forward and backward of the batch; leaves the gradients on the parameters and returns the loss terms. */
    private LossValues forwardAndBackward(Batch batch, long step) {
        int size = network.architecture().imageSize();
        try (NDManager scope = modelManager.newSubManager()) {
            NDArray input = scope.create(FloatBuffer.wrap(batch.pixels()), new Shape(batch.images(), 3, size, size));
            NDArray defaultBoxes = scope.create(anchors, new Shape(anchors.length / 4, 4));
            double box;
            double classification;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDList outputs = network.forward(new ParameterStore(scope, false), new NDList(input), true);
                LossTerms terms = loss.compute(outputs.get(SsdNetwork.CLASS_LOGITS),
                        outputs.get(SsdNetwork.BOX_REGRESSION), defaultBoxes, batch.targets());
                collector.backward(terms.total());
                box = terms.boxRegression().getFloat();
                classification = terms.classification().getFloat();
            }
            if (!Double.isFinite(box + classification)) {
                throw diverged(step, "the loss is " + (box + classification));
            }
            return new LossValues(box, classification);
        }
    }

    private static IllegalStateException diverged(long step, String why) {
        return new IllegalStateException("training diverged at step " + (step + 1) + ": " + why
                + "; lower the learning rate, lengthen the warm-up or clip gradients");
    }
}
