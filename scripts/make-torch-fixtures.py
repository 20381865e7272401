#!/usr/bin/env python3
"""Writes the real-PyTorch fixtures that ssd-model's tests read (ssd-model/src/test/resources/torch-fixtures/).

Not run by CI. Its fixtures are not committed yet: the tests that read them are still to be written (issue 12,
item 9), and the outputs file (4 MB for three images) must shrink first. Run it on a machine with Debian's
python3-torch (1.13) and python3-torchvision (0.14):

    apt-get install python3-torch python3-torchvision
    /usr/bin/python3 scripts/make-torch-fixtures.py

The model is torchvision's own SSD300 (torchvision.models.detection.SSD on its VGG16 extractor, weights=None,
weights_backbone=None) with every hidden channel count scaled by WIDTH the way ssd-model's SsdArchitecture scales
them (round(full * WIDTH), at least 1) and CLASSES classes, so the files stay a few MB. Everything is seeded, but
torch's random streams are not promised stable across versions: fixtures from another torch differ in value, not
in kind.

Files written:
  ssd300-w0.0625-fp32.pth        state dict, float32 (torch.save, zip format)
  ssd300-w0.0625-fp16.pth        the same state dict in float16
  ssd300-w0.0625-checkpoint.pth  a training checkpoint {"model", "optimizer" (SGD momentum state), "epoch", ...}
  ssd300-w0.0625-legacy.pth      the fp32 state dict in the pre-1.6 format (_use_new_zipfile_serialization=False)
  ssd300-w0.0625-ddp.pth         the fp32 state dict as DistributedDataParallel saves it (keys prefixed "module.")
  ssd300-w0.0625-outputs.safetensors
      per image i: "image.i" (300x300x3 RGB, 0-255 stored as F32), torchvision's raw head outputs
      "cls_logits.i" [anchors, classes] and "bbox_regression.i" [anchors, 4], and its final detections in order
      "boxes.i" [n, 4], "scores.i" [n], "labels.i" [n] (F32). Images are 300x300: torchvision normalises before it
      resizes and ssd-model resizes before it normalises, which agree only when no resize happens.
"""
import json
import math
import os
import struct
import sys

import torch
import torchvision
from torch import nn
from torchvision.models import vgg16

from torchvision.models.detection import ssd as tv_ssd
from torchvision.models.detection.anchor_utils import DefaultBoxGenerator

WIDTH = 0.0625
CLASSES = 4
IMAGES = 3
SEED = 20261201
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "ssd-model", "src", "test", "resources",
                   "torch-fixtures")
STEM = f"ssd300-w{WIDTH}"


def slim(channels):
    """ssd-model's SsdArchitecture.channels: the image's 3 input channels are not hidden and stay."""
    return channels if channels == 3 else max(1, int(math.floor(channels * WIDTH + 0.5)))


class SlimConv2d(nn.Conv2d):
    def __init__(self, in_channels, out_channels, *args, **kwargs):
        super().__init__(slim(in_channels), slim(out_channels), *args, **kwargs)


def reduced_ssd300():
    """ssd300_vgg16's own construction, with the backbone's convolutions built slim (the heads are sized from it)."""
    full_conv = nn.Conv2d
    nn.Conv2d = SlimConv2d
    try:
        backbone = tv_ssd._vgg_extractor(vgg16(weights=None), False, 5)
    finally:
        nn.Conv2d = full_conv
    # SSDFeatureExtractorVGG hard-codes conv4_3's 512 channels for the L2 scale; vary it so the test sees it load
    backbone.scale_weight = nn.Parameter(20 + torch.randn(slim(512)))
    anchors = DefaultBoxGenerator([[2], [2, 3], [2, 3], [2, 3], [2], [2]],
                                  scales=[0.07, 0.15, 0.33, 0.51, 0.69, 0.87, 1.05], steps=[8, 16, 32, 64, 100, 300])
    model = tv_ssd.SSD(backbone, anchors, (300, 300), CLASSES,
                image_mean=[0.48235, 0.45882, 0.40784], image_std=[1.0 / 255.0] * 3)
    with torch.no_grad():
        for name, parameter in model.named_parameters():
            # torchvision zeroes biases: give them values so a bias that does not load shows in the outputs
            if name.endswith(".bias"):
                parameter.copy_(torch.randn_like(parameter) * 0.05)
        # untrained class scores are near-uniform, so the order of detections would be decided by rounding;
        # sharper logits give well-separated scores
        for conv in model.head.classification_head.module_list:
            conv.weight.mul_(20)
    return model.eval()


def write_safetensors(path, tensors):
    header, offset, blobs = {}, 0, []
    for name, tensor in tensors.items():
        data = tensor.detach().to(torch.float32).contiguous().numpy().tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensor.shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def main():
    print("torch", torch.__version__, "torchvision", torchvision.__version__, file=sys.stderr)
    torch.manual_seed(SEED)
    os.makedirs(OUT, exist_ok=True)
    model = reduced_ssd300()
    state = model.state_dict()
    path = lambda kind: os.path.join(OUT, f"{STEM}-{kind}")
    torch.save(state, path("fp32.pth"))
    torch.save({k: v.half() for k, v in state.items()}, path("fp16.pth"))
    torch.save(state, path("legacy.pth"), _use_new_zipfile_serialization=False)
    torch.save({"module." + k: v for k, v in state.items()}, path("ddp.pth"))

    optimizer = torch.optim.SGD(model.parameters(), lr=1e-3, momentum=0.9, weight_decay=5e-4)
    images = [torch.randint(0, 256, (3, 300, 300), dtype=torch.uint8) for _ in range(IMAGES)]
    model.train()
    losses = model([i.float() / 255 for i in images[:1]],
                   [{"boxes": torch.tensor([[30.0, 40.0, 200.0, 220.0]]), "labels": torch.tensor([1])}])
    sum(losses.values()).backward()
    optimizer.step()  # gives the optimizer its momentum buffers; the saved model is the stepped one
    model.eval()
    torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(), "epoch": 1,
                "lr_scheduler": {"last_epoch": 1, "base_lrs": [1e-3]}}, path("checkpoint.pth"))

    # the outputs are those of the fp32 state dict's model, which the checkpoint's step has moved on from
    model.load_state_dict(state)
    outputs = {}
    with torch.no_grad():
        batch = [i.float() / 255 for i in images]
        transformed, _ = model.transform(batch)
        features = list(model.backbone(transformed.tensors).values())
        head = model.head(features)
        detections = model(batch)
    for i, image in enumerate(images):
        outputs[f"image.{i}"] = image.permute(1, 2, 0)
        outputs[f"cls_logits.{i}"] = head["cls_logits"][i]
        outputs[f"bbox_regression.{i}"] = head["bbox_regression"][i]
        outputs[f"boxes.{i}"] = detections[i]["boxes"]
        outputs[f"scores.{i}"] = detections[i]["scores"]
        outputs[f"labels.{i}"] = detections[i]["labels"]
    write_safetensors(path("outputs.safetensors"), outputs)
    for name in sorted(os.listdir(OUT)):
        print(name, os.path.getsize(os.path.join(OUT, name)), file=sys.stderr)


if __name__ == "__main__":
    main()
