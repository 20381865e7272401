package io.ssdstream.ssd.detector;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import io.ssdstream.ssd.model.SsdNetwork;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * A float32 {@link SsdNetwork} run in bfloat16: its parameters are copied once to bfloat16, and each batch is
 * converted before the forward pass, so oneDNN runs every convolution in bfloat16. Outputs are bfloat16.
 *
 * <p>The conversion goes through a tiny TorchScript module ({@code scripts/make-bfloat16-cast.py}) because DJL
 * 0.32's PyTorch JNI maps DJL data types to torch's by a switch that has no case for bfloat16 and ends in a bare
 * {@code throw;}: any call naming BFLOAT16 as a target ({@code NDArray.toType}, {@code NDManager.create},
 * {@code Block.initialize}) calls {@code std::terminate} and aborts the JVM ("terminate called without an active
 * exception"). Every operation of the network passes tensor handles, not type codes, so it runs on bfloat16
 * tensors unchanged; converting them to float32 works too. The copy lives beside the float32 parameters (a
 * parameter's array cannot be replaced once initialised) and is handed to the layers by a {@link ParameterStore}.
 */
public final class BFloat16Network implements AutoCloseable {

    private static final String CAST_MODULE = "bfloat16-cast.pt";

    private final SsdNetwork network;
    private final PtSymbolBlock cast;
    private final Map<String, NDArray> parameters = new HashMap<>();

    /**
     * @param network an initialised float32 network with its weights bound
     * @param manager where the bfloat16 parameters live (the network's device)
     */
    public BFloat16Network(SsdNetwork network, NDManager manager) {
        this.network = network;
        try (InputStream module = BFloat16Network.class.getResourceAsStream(CAST_MODULE)) {
            if (module == null) {
                throw new IllegalStateException(CAST_MODULE + " is missing from the ssd-model jar");
            }
            cast = JniUtils.loadModule((PtNDManager) manager, module, true, false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load " + CAST_MODULE, e);
        }
        for (Parameter parameter : network.stateDict().values()) {
            NDArray copy = toBFloat16(parameter.getArray(), manager);
            copy.setRequiresGradient(false);
            parameters.put(parameter.getId(), copy);
        }
    }

    /** Runs a float32 batch in bfloat16; the outputs live in {@code scope}. */
    public NDList forward(NDManager scope, NDArray batch) {
        return network.forward(new Copies(scope), new NDList(toBFloat16(batch, scope)), false);
    }

    private NDArray toBFloat16(NDArray array, NDManager manager) {
        try (IValue input = IValue.from((PtNDArray) array); IValue output = cast.forward(input)) {
            return output.toTensor((PtNDManager) manager);
        }
    }

    /** Hands each layer its parameter's bfloat16 copy. */
    private final class Copies extends ParameterStore {

        Copies(NDManager scope) {
            super(scope, false);
        }

        @Override
        public NDArray getValue(Parameter parameter, Device device, boolean training) {
            return parameters.get(parameter.getId());
        }
    }

    @Override
    public void close() {
        parameters.values().forEach(NDArray::close);
        cast.close();
    }
}
