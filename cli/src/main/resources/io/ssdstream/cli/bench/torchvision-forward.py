"""torchvision's eager ssd300_vgg16 forward, timed as `ssd-stream model bench` times ours; prints one JSON line.

Run by `model bench --compare-torchvision` with Debian's python3-torch and python3-torchvision (any torchvision
with ssd300_vgg16 works). Times the backbone and head on a random 300x300 batch (the network, without the
resize transform and the postprocessing), in float32 and, with --bf16, in bfloat16 (the eager model cast with
.to(torch.bfloat16)); warm-up, then at least five runs or S seconds, the median.

    python3 torchvision-forward.py BATCH,... SECONDS THREADS [--bf16]
"""
import json
import platform
import sys
import time

import torch
import torchvision
from torchvision.models.detection import ssd300_vgg16


def median_ms(step, seconds):
    step()
    step()
    runs = []
    deadline = time.perf_counter() + seconds
    while len(runs) < 5 or time.perf_counter() < deadline:
        start = time.perf_counter()
        step()
        runs.append((time.perf_counter() - start) * 1000.0)
    runs.sort()
    return runs[len(runs) // 2]


def main():
    batches = [int(b) for b in sys.argv[1].split(",")]
    seconds = float(sys.argv[2])
    torch.set_num_threads(int(sys.argv[3]))
    dtypes = {"fp32": torch.float32}
    if "--bf16" in sys.argv[4:]:
        dtypes["bf16"] = torch.bfloat16
    model = ssd300_vgg16(weights=None, weights_backbone=None, num_classes=91).eval()
    rows = []
    with torch.inference_mode():
        for batch in batches:
            row = {"batchSize": batch}
            for name, dtype in dtypes.items():
                net = model.to(dtype)
                x = (torch.rand(batch, 3, 300, 300) * 270 - 120).to(dtype)

                def step():
                    features = list(net.backbone(x).values())
                    out = net.head(features)
                    return out["cls_logits"][0, 0, 0].item()

                ms = median_ms(step, seconds)
                row[name] = {"msPerBatch": round(ms, 3), "imagesPerSecond": round(batch * 1000.0 / ms, 3)}
            rows.append(row)
    print(json.dumps({"torch": torch.__version__, "torchvision": torchvision.__version__,
                      "python": platform.python_version(), "threads": torch.get_num_threads(), "forward": rows}))


main()
