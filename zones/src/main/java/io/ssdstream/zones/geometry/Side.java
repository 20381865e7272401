package io.ssdstream.zones.geometry;

/**
 * A side of a directed line as seen on the picture: standing at the line's start and looking towards its end, LEFT
 * is on the left hand. In image coordinates (y down) a point is on the RIGHT when the cross product of the line's
 * direction and the vector to the point is positive.
 */
public enum Side {
    LEFT, RIGHT;

    public Side opposite() {
        return this == LEFT ? RIGHT : LEFT;
    }
}
