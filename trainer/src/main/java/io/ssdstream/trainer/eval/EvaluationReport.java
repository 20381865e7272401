package io.ssdstream.trainer.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The metrics of one model on one dataset: Pascal VOC mAP@0.5 (11-point and area) and COCO's AP family, per
 * class and overall, with how many images were evaluated and how many could not be read.
 *
 * @param dataset the dataset's description
 * @param classes class names, background at 0
 * @param images images evaluated
 * @param skippedImages images that could not be read and were left out
 * @param detections detections the model produced over all images
 * @param voc VOC AP at IoU 0.5
 * @param coco COCO AP family
 */
public record EvaluationReport(String dataset, List<String> classes, int images, int skippedImages, long detections,
        VocAveragePrecision.Result voc, CocoAveragePrecision.Result coco) {

    /** Computes both metric families over evaluated images. */
    public static EvaluationReport of(String dataset, List<String> classes, List<EvaluationImage> evaluated,
            int skippedImages) {
        long detections = evaluated.stream().mapToLong(i -> i.detections().size()).sum();
        return new EvaluationReport(dataset, classes, evaluated.size(), skippedImages, detections,
                VocAveragePrecision.evaluate(evaluated, classes.size()),
                CocoAveragePrecision.evaluate(evaluated, classes.size()));
    }

    /** VOC mAP@0.5, area under the precision envelope: the headline number. */
    public Double map50() {
        return voc.meanArea();
    }

    /** The report as a JSON-ready tree (maps, lists, numbers, null for undefined metrics). */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("dataset", dataset);
        json.put("images", images);
        json.put("skippedImages", skippedImages);
        json.put("detections", detections);
        Map<String, Object> vocJson = new LinkedHashMap<>();
        vocJson.put("iouThreshold", VocAveragePrecision.IOU_THRESHOLD);
        vocJson.put("mAP", voc.meanArea());
        vocJson.put("mAP11Point", voc.meanElevenPoint());
        json.put("voc", vocJson);
        Map<String, Object> cocoJson = new LinkedHashMap<>();
        cocoJson.put("AP", coco.ap());
        cocoJson.put("AP50", coco.ap50());
        cocoJson.put("AP75", coco.ap75());
        cocoJson.put("APsmall", coco.apSmall());
        cocoJson.put("APmedium", coco.apMedium());
        cocoJson.put("APlarge", coco.apLarge());
        json.put("coco", cocoJson);
        Map<String, Object> perClass = new LinkedHashMap<>();
        for (int label = 1; label < classes.size(); label++) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("vocAP", voc.area().get(label));
            c.put("vocAP11Point", voc.elevenPoint().get(label));
            c.put("cocoAP", coco.perClass().get(label));
            perClass.put(classes.get(label), c);
        }
        json.put("perClass", perClass);
        return json;
    }
}
