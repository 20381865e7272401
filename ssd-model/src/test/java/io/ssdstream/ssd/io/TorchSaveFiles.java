package io.ssdstream.ssd.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A state dict written as {@code torch.save(model.state_dict(), file)} writes it, for other modules' tests (the
 * cli's {@code model pull} serves one over HTTP), using the same writer as this module's reader tests.
 */
public final class TorchSaveFiles {

    private TorchSaveFiles() {}

    /** Writes every tensor of {@code weights}, in order, as a float32 tensor under its key, in folder {@code folder}. */
    public static void write(Path file, String folder, StateDict weights) throws IOException {
        TorchSaveWriter writer = new TorchSaveWriter().folder(folder);
        for (Map.Entry<String, HostTensor> entry : weights.tensors().entrySet()) {
            writer.tensor(entry.getKey(), entry.getValue().values(), entry.getValue().shape());
        }
        writer.write(file);
    }
}
