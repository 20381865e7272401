package io.ssdstream.job.analytics;

import io.ssdstream.job.frame.DeadLetters;
import io.ssdstream.schemas.CameraConfig;
import io.ssdstream.schemas.RejectReason;
import io.ssdstream.schemas.WireCodec;
import io.ssdstream.schemas.WireFormatException;
import io.ssdstream.ssd.io.ModelArtifact;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which camera-configs records become a camera's configuration. A valid {@code CameraConfig} (it decodes,
 * names the camera of its key, the zones module accepts every zone and line, and every class a zone or line follows
 * is one of the model's) and a tombstone go on to be broadcast; anything else goes to the dead-letter topic with
 * reason INVALID_CONFIG and a message naming the camera and the fault, so the camera keeps the configuration it had.
 * Validated once here, before the broadcast, so that a refusal is dead-lettered and logged once rather than once per
 * analytics subtask.
 *
 * <p>The model's classes come from its artifact's metadata ({@code model.json}), read when the task opens from the
 * directory the detector loads: a zone following a class the model never detects would see no objects, silently.
 *
 * <p>Metrics: {@code cameraConfigsAccepted}, {@code cameraConfigsDeleted}, {@code cameraConfigsRefused}.
 */
public final class CameraConfigValidator extends ProcessFunction<ConfigMessage, CameraSetting> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(CameraConfigValidator.class);

    private final DeadLetters deadLetters;
    private final String modelDirectory;

    private transient WireCodec<CameraConfig> codec;
    private transient List<String> modelClasses;
    private transient Counter accepted;
    private transient Counter deleted;
    private transient Counter refused;

    /** @param modelDirectory the detector's model artifact, as a path readable on the TaskManager */
    public CameraConfigValidator(DeadLetters deadLetters, String modelDirectory) {
        this.deadLetters = deadLetters;
        this.modelDirectory = modelDirectory;
    }

    @Override
    public void open(OpenContext openContext) throws IOException {
        codec = WireCodec.forRecord(CameraConfig.class);
        List<String> classes = ModelArtifact.open(Path.of(modelDirectory)).metadata().classes();
        // index 0 is the background, which no zone or line can follow
        modelClasses = classes.subList(1, classes.size());
        accepted = getRuntimeContext().getMetricGroup().counter("cameraConfigsAccepted");
        deleted = getRuntimeContext().getMetricGroup().counter("cameraConfigsDeleted");
        refused = getRuntimeContext().getMetricGroup().counter("cameraConfigsRefused");
    }

    @Override
    public void processElement(ConfigMessage message, Context ctx, Collector<CameraSetting> out) {
        if (message.cameraId == null) {
            refuse(message, ctx, "a record without a key: the key must be the camera id");
            return;
        }
        if (message.value == null) {
            deleted.inc();
            LOG.info("camera '{}': configuration deleted at {}; its zones and lines are removed", message.cameraId,
                    message.position);
            out.collect(new CameraSetting(message.cameraId, null));
            return;
        }
        CameraConfig config;
        try {
            config = codec.decode(message.value);
        } catch (WireFormatException e) {
            refuse(message, ctx, "not a CameraConfig record: " + e.getMessage());
            return;
        }
        if (!message.cameraId.equals(config.getCameraId())) {
            refuse(message, ctx, "the record is for camera '" + config.getCameraId() + "' but its key is '"
                    + message.cameraId + "'");
            return;
        }
        try {
            CameraConfigs.toZones(config).requireKnownClasses(modelClasses);
        } catch (IllegalArgumentException e) {
            refuse(message, ctx, e.getMessage());
            return;
        }
        accepted.inc();
        LOG.info("camera '{}': configuration with {} zones and {} lines accepted at {}", message.cameraId,
                config.getZones().size(), config.getLines().size(), message.position);
        out.collect(new CameraSetting(message.cameraId, config));
    }

    private void refuse(ConfigMessage message, Context ctx, String fault) {
        refused.inc();
        String text = "camera '" + message.cameraId + "': configuration at " + message.position
                + " refused, the previous one stays active: " + fault;
        LOG.warn(text);
        ctx.output(DeadLetters.TAG, deadLetters.of(message.cameraId, null, message.position,
                RejectReason.INVALID_CONFIG, text, message.value == null ? new byte[0] : message.value));
    }
}
