package io.ssdstream.tracking;

import io.ssdstream.tracking.lifecycle.PathSummary;
import io.ssdstream.tracking.lifecycle.TrackStatus;
import io.ssdstream.tracking.lifecycle.UpdateReason;
import io.ssdstream.tracking.motion.BoxMotion;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link TrackerState} in the binary state format, for keyed state in checkpoints and savepoints: every field
 * written explicitly through {@link DataOutput}, no Java serialization, so a value costs its data and not its classes'
 * descriptors, and a change to {@link Track} cannot silently change what a savepoint holds. The layout is version
 * {@value #VERSION}; whoever stores it records that version (the job's serializer snapshot does) and must add a
 * reader for the old layout when this one changes.
 *
 * <p>Most of a track is its Kalman state, 8 means and an 8x8 covariance. The constant-velocity model couples each
 * axis only with its own velocity, so most covariance entries stay exactly zero: each array is written as a bit mask
 * of the entries that are not {@code +0.0} followed by those entries, bit for bit (no entry is rounded, and
 * {@code -0.0} is kept). Labels are written once in a table and then by index, counts as unsigned varints, times as
 * zigzag varints of their distance to the last capture time, unwatched times as unsigned varints of their distance
 * to the camera's, and a track's anchor and last reported box by reference when they are its last seen box.
 *
 * <p>Layout: next id, last capture time, unwatched time, the label table, then per track in creation order: id,
 * label, status, flags (stationary, anchor is the last box, reported, last reported box is the last box), pending
 * update reasons, hits, times (motion, first seen, last seen, anchor since, last event), unwatched time at last seen,
 * motion mean and covariance, last box, anchor and last reported box when not by reference, last score, best score,
 * best score last reported, and the path (first and last centre, distance travelled, observations).
 *
 * <p>Version 1, before shed frames were told apart, is the same without the two unwatched times; {@link #read(
 * DataInput, int)} reads it as a state whose camera had no frame shed.
 */
public final class TrackerStateFormat {

    /** The layout {@link #write} writes and {@link #read} reads. */
    public static final int VERSION = 2;
    /** The oldest layout {@link #read(DataInput, int)} reads. */
    public static final int OLDEST_READABLE = 1;

    private static final int STATIONARY = 1;
    private static final int ANCHOR_IS_LAST_BOX = 2;
    /** The track had an event (NEW at least): its last reported box exists. Tentative tracks have none. */
    private static final int REPORTED = 4;
    private static final int LAST_EVENT_BOX_IS_LAST_BOX = 8;

    private TrackerStateFormat() {}

    public static void write(TrackerState state, DataOutput out) throws IOException {
        Varints.writeUnsigned(state.nextId(), out);
        long last = state.lastCaptureTime();
        out.writeLong(last);
        long unwatched = state.unwatchedMillis();
        Varints.writeUnsigned(unwatched, out);
        Map<String, Integer> labels = new LinkedHashMap<>();
        for (Track track : state.tracks()) {
            labels.putIfAbsent(track.label, labels.size());
        }
        Varints.writeUnsigned(labels.size(), out);
        for (String label : labels.keySet()) {
            out.writeUTF(label);
        }
        Varints.writeUnsigned(state.tracks().size(), out);
        for (Track track : state.tracks()) {
            Varints.writeUnsigned(track.id, out);
            Varints.writeUnsigned(labels.get(track.label), out);
            out.writeByte(statusCode(track.status));
            boolean reported = track.lastEventBox != null;
            out.writeByte((track.stationary ? STATIONARY : 0)
                    | (track.anchor.equals(track.lastBox) ? ANCHOR_IS_LAST_BOX : 0)
                    | (reported ? REPORTED : 0)
                    | (reported && track.lastEventBox.equals(track.lastBox) ? LAST_EVENT_BOX_IS_LAST_BOX : 0));
            int pending = 0;
            for (UpdateReason reason : track.pending) {
                pending |= reasonBit(reason);
            }
            out.writeByte(pending);
            Varints.writeUnsigned(track.hits, out);
            for (long time : new long[] {track.motionTime, track.firstSeen, track.lastSeen, track.anchorSince,
                    track.lastEventTime}) {
                Varints.writeSigned(last - time, out);
            }
            Varints.writeUnsigned(unwatched - track.unwatchedAtLastSeen, out);
            writeSparse(track.motion.mean(), out);
            writeSparse(track.motion.covariance(), out);
            writeBox(track.lastBox, out);
            if (!track.anchor.equals(track.lastBox)) {
                writeBox(track.anchor, out);
            }
            if (reported && !track.lastEventBox.equals(track.lastBox)) {
                writeBox(track.lastEventBox, out);
            }
            out.writeDouble(track.lastScore);
            out.writeDouble(track.bestScore);
            out.writeDouble(track.lastEventBestScore);
            PathSummary path = track.path;
            out.writeDouble(path.firstX());
            out.writeDouble(path.firstY());
            out.writeDouble(path.lastX());
            out.writeDouble(path.lastY());
            out.writeDouble(path.travelled());
            Varints.writeUnsigned(path.observations(), out);
        }
    }

    public static TrackerState read(DataInput in) throws IOException {
        return read(in, VERSION);
    }

    /** Reads a state written in layout {@code version}, {@value #OLDEST_READABLE} to {@value #VERSION}. */
    public static TrackerState read(DataInput in, int version) throws IOException {
        if (version < OLDEST_READABLE || version > VERSION) {
            throw new IOException("tracker state layout " + version + " is unknown (this build reads "
                    + OLDEST_READABLE + " to " + VERSION + ")");
        }
        boolean withUnwatched = version >= 2;
        long nextId = Varints.readUnsignedLong(in);
        long last = in.readLong();
        long unwatched = withUnwatched ? Varints.readUnsignedLong(in) : 0;
        String[] labels = new String[Varints.readUnsigned(in)];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = in.readUTF();
        }
        int count = Varints.readUnsigned(in);
        List<Track> tracks = new ArrayList<>(count);
        for (int t = 0; t < count; t++) {
            long id = Varints.readUnsignedLong(in);
            String label = labels[Varints.readUnsigned(in)];
            TrackStatus status = status(in.readUnsignedByte());
            int flags = in.readUnsignedByte();
            EnumSet<UpdateReason> pending = reasons(in.readUnsignedByte());
            int hits = Varints.readUnsigned(in);
            long motionTime = last - Varints.readSigned(in);
            long firstSeen = last - Varints.readSigned(in);
            long lastSeen = last - Varints.readSigned(in);
            long anchorSince = last - Varints.readSigned(in);
            long lastEventTime = last - Varints.readSigned(in);
            long unwatchedAtLastSeen = unwatched - (withUnwatched ? Varints.readUnsignedLong(in) : 0);
            BoxMotion motion = new BoxMotion(readSparse(BoxMotion.DIM, in), readSparse(BoxMotion.DIM * BoxMotion.DIM,
                    in));
            Box lastBox = readBox(in);
            Box anchor = (flags & ANCHOR_IS_LAST_BOX) != 0 ? lastBox : readBox(in);
            Box lastEventBox = (flags & REPORTED) == 0 ? null
                    : (flags & LAST_EVENT_BOX_IS_LAST_BOX) != 0 ? lastBox : readBox(in);
            double lastScore = in.readDouble();
            // the constructor sets every field; those it derives from its arguments are overwritten below
            Track track = new Track(label, lastBox, lastScore, firstSeen, motion);
            track.id = id;
            track.status = status;
            track.hits = hits;
            track.motionTime = motionTime;
            track.lastSeen = lastSeen;
            track.unwatchedAtLastSeen = unwatchedAtLastSeen;
            track.bestScore = in.readDouble();
            track.lastEventBestScore = in.readDouble();
            track.path = new PathSummary(in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(),
                    in.readDouble(), Varints.readUnsigned(in));
            track.stationary = (flags & STATIONARY) != 0;
            track.anchor = anchor;
            track.anchorSince = anchorSince;
            track.lastEventTime = lastEventTime;
            track.lastEventBox = lastEventBox;
            track.pending = pending;
            tracks.add(track);
        }
        return new TrackerState(tracks, nextId, last, unwatched);
    }

    /** Fixed codes rather than ordinals, so reordering the enum cannot change a savepoint's meaning. */
    private static int statusCode(TrackStatus status) {
        return switch (status) {
            case TENTATIVE -> 0;
            case ACTIVE -> 1;
            case LOST -> 2;
        };
    }

    private static TrackStatus status(int code) throws IOException {
        return switch (code) {
            case 0 -> TrackStatus.TENTATIVE;
            case 1 -> TrackStatus.ACTIVE;
            case 2 -> TrackStatus.LOST;
            default -> throw new IOException("track status code " + code + " is unknown: the tracker state is corrupt");
        };
    }

    private static int reasonBit(UpdateReason reason) {
        return switch (reason) {
            case SCORE_RAISED -> 1;
            case MOVED -> 2;
            case BECAME_STATIONARY -> 4;
            case MOVING_AGAIN -> 8;
        };
    }

    private static EnumSet<UpdateReason> reasons(int bits) throws IOException {
        EnumSet<UpdateReason> reasons = EnumSet.noneOf(UpdateReason.class);
        int known = 0;
        for (UpdateReason reason : UpdateReason.values()) {
            known |= reasonBit(reason);
            if ((bits & reasonBit(reason)) != 0) {
                reasons.add(reason);
            }
        }
        if ((bits & ~known) != 0) {
            throw new IOException("update reason bits " + Integer.toBinaryString(bits)
                    + " name an unknown reason: the tracker state is corrupt");
        }
        return reasons;
    }

    private static void writeBox(Box box, DataOutput out) throws IOException {
        out.writeDouble(box.x1());
        out.writeDouble(box.y1());
        out.writeDouble(box.x2());
        out.writeDouble(box.y2());
    }

    private static Box readBox(DataInput in) throws IOException {
        return new Box(in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble());
    }

    /** A mask of the entries whose bits are not those of +0.0, then those entries; at most 64 entries. */
    private static void writeSparse(double[] values, DataOutput out) throws IOException {
        long mask = 0;
        for (int i = 0; i < values.length; i++) {
            if (Double.doubleToRawLongBits(values[i]) != 0) {
                mask |= 1L << i;
            }
        }
        Varints.writeUnsigned(mask, out);
        for (double value : values) {
            if (Double.doubleToRawLongBits(value) != 0) {
                out.writeDouble(value);
            }
        }
    }

    private static double[] readSparse(int length, DataInput in) throws IOException {
        long mask = Varints.readUnsignedLong(in);
        if (length < 64 && mask >>> length != 0) {
            throw new IOException("a mask of " + Long.toBinaryString(mask) + " for " + length
                    + " motion values: the tracker state is corrupt");
        }
        double[] values = new double[length];
        for (int i = 0; i < length; i++) {
            if ((mask & 1L << i) != 0) {
                values[i] = in.readDouble();
            }
        }
        return values;
    }
}
