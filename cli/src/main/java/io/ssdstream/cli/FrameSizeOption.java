package io.ssdstream.cli;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;

/** A picture size as options write it: {@code WxH}, e.g. 384x288. */
public record FrameSizeOption(int width, int height) {

    @Override
    public String toString() {
        return width + "x" + height;
    }

    /** Parses {@code WxH}; anything else is an error that shows the expected form. */
    public static final class Converter implements ITypeConverter<FrameSizeOption> {
        @Override
        public FrameSizeOption convert(String value) {
            String[] parts = value.toLowerCase(Locale.ROOT).split("x");
            try {
                if (parts.length == 2) {
                    return new FrameSizeOption(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
                }
            } catch (NumberFormatException e) {
                // reported below with the expected form
            }
            throw new IllegalArgumentException("'" + value + "' is not a size such as 384x288");
        }
    }
}
