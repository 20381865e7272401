package io.ssdstream.trainer.train;

import java.util.List;

/**
 * torchvision's detection schedule: {@code MultiStepLR} per epoch (multiply by {@code gamma} at each milestone)
 * chained with a {@code LinearLR} warm-up over the first steps of epoch 0, from {@code warmupFactor} of the rate up
 * to all of it. A pure function of the step, so a resumed run needs no scheduler state.
 */
public record LearningRateSchedule(double baseRate, List<Integer> milestones, double gamma, int warmupSteps,
        double warmupFactor, int stepsPerEpoch) {

    public LearningRateSchedule {
        milestones = List.copyOf(milestones);
        if (stepsPerEpoch < 1) {
            throw new IllegalArgumentException("an epoch needs at least one step");
        }
    }

    /** The learning rate of the update made at {@code step} (0-based). */
    public double at(long step) {
        long epoch = step / stepsPerEpoch;
        double rate = baseRate;
        for (int milestone : milestones) {
            if (epoch >= milestone) {
                rate *= gamma;
            }
        }
        if (step < warmupSteps) {
            rate *= warmupFactor + (1 - warmupFactor) * step / warmupSteps;
        }
        return rate;
    }
}
