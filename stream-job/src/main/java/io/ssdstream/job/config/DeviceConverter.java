package io.ssdstream.job.config;

import io.ssdstream.ssd.detector.DeviceSpec;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a {@code --device} option into a {@link DeviceSpec}; picocli prefixes a bad value's message with the option. */
public final class DeviceConverter implements ITypeConverter<DeviceSpec> {

    @Override
    public DeviceSpec convert(String value) {
        try {
            return DeviceSpec.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
