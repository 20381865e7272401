package io.ssdstream.ssd.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads the state dict from a PyTorch checkpoint in the zip format {@code torch.save} writes since PyTorch 1.6
 * ({@link TorchArchive}, e.g. torchvision's {@code ssd300_vgg16_coco-b556d3b4.pth}) or in the legacy format before it
 * ({@link LegacyTorchFile}). Float32, float16, bfloat16 and float64 tensors (and
 * integer or bool ones) are converted to float32 in row-major order, whatever their strides and storage sharing.
 *
 * <p>A training checkpoint that wraps the state dict in a dict with {@code "optimizer"}, {@code "epoch"} and the
 * like is read from its {@code "model"} or {@code "state_dict"} entry. A bare pickle and TorchScript archives are
 * recognised and refused with instructions for converting them.
 */
public final class TorchCheckpointReader {

    private static final String CONVERSION_HINT = "re-save it with PyTorch >= 1.6 as torch.save(torch.load(f), f2) "
            + "or export it to safetensors";

    private static final List<String> WRAPPER_KEYS = List.of("model", "state_dict");

    private TorchCheckpointReader() {
    }

    public static StateDict read(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        boolean legacy = isLegacy(file);
        try (TorchSaveFile saved = legacy ? LegacyTorchFile.open(file) : TorchArchive.open(file)) {
            Map<String, TensorRef> views = stateDict(file, saved.root());
            return new StateDict(file.toString(), TorchTensorLoader.load(file, saved, views));
        } catch (RuntimeException e) {
            throw new WeightFormatException(file, "cannot be read as a torch.save checkpoint: " + e, e);
        }
    }

    /** True for the legacy format, false for a zip archive; refuses everything else naming what it looks like. */
    private static boolean isLegacy(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(LegacyTorchFile.MAGIC.length);
        }
        if (head.length >= 2 && head[0] == 'P' && head[1] == 'K') {
            return false;
        }
        if (LegacyTorchFile.recognises(head)) {
            return true;
        }
        if (head.length > 0 && head[0] == (byte) 0x80) {
            throw new WeightFormatException(file, "a bare pickle, not a file torch.save writes; "
                    + CONVERSION_HINT);
        }
        if (head.length > 8 && head[8] == '{') {
            throw new WeightFormatException(file, "looks like a safetensors file; read it with SafetensorsReader");
        }
        throw new WeightFormatException(file, head.length == 0 ? "is empty"
                : "not a PyTorch checkpoint: torch.save writes a zip archive, which starts with 'PK', or before"
                        + " PyTorch 1.6 a pickle of its magic number");
    }

    /** Picks the dict of tensors: the top-level one, or the one a training checkpoint wraps. */
    private static Map<String, TensorRef> stateDict(Path file, Object root) throws WeightFormatException {
        if (!(root instanceof Map<?, ?> top)) {
            throw new WeightFormatException(file, "the checkpoint holds " + TorchUnpickler.describe(root)
                    + ", not a dict of tensors");
        }
        Map<?, ?> chosen = top;
        String path = "";
        if (!top.values().stream().allMatch(TensorRef.class::isInstance)) {
            for (String key : WRAPPER_KEYS) {
                if (top.get(key) instanceof Map<?, ?> wrapped) {
                    chosen = wrapped;
                    path = key + ".";
                    break;
                }
            }
        }
        LinkedHashMap<String, TensorRef> views = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : chosen.entrySet()) {
            if (!(entry.getKey() instanceof String key)) {
                throw new WeightFormatException(file, "state dict has a key that is not a string: "
                        + TorchUnpickler.describe(entry.getKey()));
            }
            if (!(entry.getValue() instanceof TensorRef view)) {
                throw new WeightFormatException(file, "entry '" + path + key + "' is "
                        + TorchUnpickler.describe(entry.getValue()) + ", not a tensor" + (chosen == top ? " (and there is no 'model' or 'state_dict' dict)" : ""));
            }
            views.put(key, view);
        }
        return views;
    }
}
