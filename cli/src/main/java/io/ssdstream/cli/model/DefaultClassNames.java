package io.ssdstream.cli.model;

import io.ssdstream.ssd.io.CocoLabels;
import java.util.ArrayList;
import java.util.List;

/** Class names for weights that come without any: COCO's 91 for a 91-class head, else {@code class_1, class_2, ...}. */
final class DefaultClassNames {

    private DefaultClassNames() {}

    static List<String> forCount(int count) {
        if (count == CocoLabels.SIZE) {
            return CocoLabels.names();
        }
        List<String> names = new ArrayList<>(List.of("__background__"));
        for (int i = 1; i < count; i++) {
            names.add("class_" + i);
        }
        return names;
    }
}
