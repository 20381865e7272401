package io.ssdstream.demo.viewer;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssdstream.tracking.Box;
import io.ssdstream.zones.config.CameraConfig;
import io.ssdstream.zones.config.ReferencePoint;
import io.ssdstream.zones.config.Zone;
import io.ssdstream.zones.geometry.Point;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The viewer decides who is inside a zone as the job does: by each zone's reference point and classes. */
class CameraZonesTest {

    private static final List<Point> SQUARE = List.of(new Point(0, 0), new Point(100, 0), new Point(100, 100),
            new Point(0, 100));

    @Test
    void eachZoneUsesItsOwnReferencePointAndFollowsOnlyItsClasses() {
        CameraZones zones = new CameraZones(new CameraConfig(320, 240, List.of(
                Zone.of("floor", SQUARE, Set.of()),
                new Zone("heads", SQUARE, Set.of(), Zone.DEFAULT_INERTIA, Duration.ZERO, ReferencePoint.TOP_CENTRE),
                Zone.of("cars", SQUARE, Set.of("car"))), List.of()));
        // bottom centre (50, 130) below the square, top centre (50, 70) in it
        Box tall = new Box(40, 70, 60, 130);
        assertThat(zones.zonesHolding("person", tall)).containsExactly("heads");
        Box standing = new Box(40, 20, 60, 90);
        assertThat(zones.zonesHolding("person", standing)).containsExactly("floor", "heads");
        assertThat(zones.zonesHolding("car", standing)).containsExactly("floor", "heads", "cars");
    }
}
