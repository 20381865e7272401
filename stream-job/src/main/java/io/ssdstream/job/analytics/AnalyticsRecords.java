package io.ssdstream.job.analytics;

import io.ssdstream.schemas.CameraClassCounts;
import io.ssdstream.schemas.ClassCount;
import io.ssdstream.schemas.CrossingDirection;
import io.ssdstream.schemas.LineCrossingCount;
import io.ssdstream.schemas.ZoneEventKind;
import io.ssdstream.schemas.ZoneOccupancy;
import io.ssdstream.zones.analytics.LineCrossing;
import io.ssdstream.zones.analytics.ZoneEvent;
import io.ssdstream.zones.counting.ClassCounts;
import io.ssdstream.zones.counting.WindowCounts;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/** The zones module's results as the zone-events, line-crossings and counts topics' contracts. */
final class AnalyticsRecords {

    private AnalyticsRecords() {}

    static io.ssdstream.schemas.ZoneEvent zoneEvent(String cameraId, ZoneEvent event) {
        return io.ssdstream.schemas.ZoneEvent.newBuilder()
                .setCameraId(cameraId)
                .setKind(ZoneEventKind.valueOf(event.type().name()))
                .setZone(event.zone())
                .setTrackId(event.trackId())
                .setLabel(event.label())
                .setTime(Instant.ofEpochMilli(event.time()))
                .setInsideSince(Instant.ofEpochMilli(event.insideSince()))
                .build();
    }

    static io.ssdstream.schemas.LineCrossing lineCrossing(String cameraId, LineCrossing crossing) {
        return io.ssdstream.schemas.LineCrossing.newBuilder()
                .setCameraId(cameraId)
                .setLine(crossing.line())
                .setDirection(CrossingDirection.valueOf(crossing.direction().name()))
                .setTrackId(crossing.trackId())
                .setLabel(crossing.label())
                .setTime(Instant.ofEpochMilli(crossing.time()))
                .build();
    }

    /**
     * @param zoneOrder the camera's zone names in configuration order, the contract's order of a class's zones
     * @param minScore  the least score of the counted (tracked) detections
     */
    static CameraClassCounts counts(String cameraId, WindowCounts counts, CameraAnalyticsState state,
                                    List<String> zoneOrder, float minScore) {
        List<ClassCount> classes = counts.classes().stream()
                .map(c -> classCount(c, state.classIds().getOrDefault(c.label(), -1), zoneOrder))
                .sorted(Comparator.comparingInt(ClassCount::getClassId).thenComparing(ClassCount::getLabel))
                .toList();
        return CameraClassCounts.newBuilder()
                .setCameraId(cameraId)
                .setWindowStart(Instant.ofEpochMilli(counts.windowStart()))
                .setWindowEnd(Instant.ofEpochMilli(counts.windowEnd()))
                .setModelName(state.modelName())
                .setModelVersion(state.modelVersion())
                .setMinScore(minScore)
                .setFrames(counts.frames())
                .setClasses(classes)
                .setRevision(counts.revision())
                .setLateFrames(counts.lateFrames())
                .build();
    }

    private static ClassCount classCount(ClassCounts c, int classId, List<String> zoneOrder) {
        return ClassCount.newBuilder()
                .setClassId(classId)
                .setLabel(c.label())
                .setDetections(c.detections())
                .setFramesWithClass(c.framesWithClass())
                .setDistinctObjects(c.distinctObjects())
                .setLineCrossings(c.lines().stream()
                        .map(l -> new LineCrossingCount(l.line(), l.in(), l.out())).toList())
                .setZones(c.zones().stream()
                        // zones removed by a configuration change within the window come last
                        .sorted(Comparator.comparingInt((io.ssdstream.zones.counting.OccupancyStats z) -> {
                            int index = zoneOrder.indexOf(z.zone());
                            return index < 0 ? Integer.MAX_VALUE : index;
                        }))
                        .map(z -> new ZoneOccupancy(z.zone(), z.max(), z.mean())).toList())
                .build();
    }
}
