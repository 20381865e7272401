package io.ssdstream.zones.counting;

/** Crossings of one line by one class in a window, per direction. */
public record LineCount(String line, long in, long out) {
}
