package io.ssdstream.trainer.train;

import io.ssdstream.trainer.eval.EvaluationReport;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a training run leaves.
 *
 * @param checkpoint the last checkpoint written
 * @param steps updates done
 * @param trainingSeconds wall time over all sessions of the run
 * @param validation the last validation report, if the run has a validation set
 */
public record TrainingResult(Path checkpoint, long steps, double trainingSeconds, Optional<EvaluationReport> validation) {}
