#!/usr/bin/env python3
"""Writes the real-PyTorch fixtures that ssd-model's tests read (ssd-model/src/test/resources/torch-fixtures/).

Not run by CI: its output is committed (3 MB in all) and read by RealTorchFilesTest (the weight readers) and
TorchvisionParityTest (our network and Detector against torchvision's outputs). Rerun it only to change the
fixtures, on a machine with Debian's python3-torch (1.13) and python3-torchvision (0.14):

    apt-get install python3-torch python3-torchvision
    /usr/bin/python3 scripts/make-torch-fixtures.py

(TORCH_FIXTURES_OUT=DIR writes them elsewhere, e.g. to compare a rerun with the committed ones: all but the two
legacy files come out byte for byte; those name their storages by memory address, so only their keys differ.)

The model is torchvision's own SSD300 (torchvision.models.detection.SSD on its VGG16 extractor, weights=None,
weights_backbone=None) with every hidden channel count scaled by WIDTH the way ssd-model's SsdArchitecture scales
them (round(full * WIDTH), at least 1) and CLASSES classes, so the files stay small. Everything is seeded, but
torch's random streams are not promised stable across versions: fixtures from another torch differ in value, not
in kind, and the tests' constants (WIDTH, CLASSES, IMAGES) must follow this script's.

Files written (all committed):
  ssd300-w0.03125-fp32.pth        state dict, float32 (torch.save, zip format), an OrderedDict with its _metadata
  ssd300-w0.03125-fp16.pth        the same state dict in float16
  ssd300-w0.03125-checkpoint.pth  a training checkpoint {"model", "optimizer" (SGD momentum state), "epoch", ...};
                                  its model is the fp32 one after one SGD step
  ssd300-w0.03125-legacy.pth      the fp32 state dict in the pre-1.6 format (_use_new_zipfile_serialization=False)
  ssd300-w0.03125-legacy-checkpoint.pth
                                  the training checkpoint in the pre-1.6 format: its optimizer's momentum buffers are
                                  storages outside the state dict, which a reader must step over
  ssd300-w0.03125-ddp.pth         the fp32 state dict as DistributedDataParallel saves it (keys prefixed "module.")
  ssd300-w0.03125-outputs.safetensors
      what torchvision made of the fp32 state dict, per image i of IMAGES: "image.i" (300x300x3 RGB, U8),
      the raw head outputs for every anchor "cls_logits.i" [8732, CLASSES] and "bbox_regression.i" [8732, 4] (F32),
      and the final detections in torchvision's order "boxes.i" [n, 4], "scores.i" [n] (F32), "labels.i" [n] (I64).
      Its __metadata__ holds the torch and torchvision versions, the state dict's keys and shapes as JSON
      ("state_dict"), the Euclidean distance of the checkpoint's model from the fp32 one over all tensors
      ("checkpoint_step_norm"), and the postprocessing thresholds the detections were made with (score_thresh, nms_thresh,
      topk_candidates, detections_per_img). Images are 300x300: torchvision normalises before it resizes and
      ssd-model resizes before it normalises, which agree only when no resize happens.
"""
import copy
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

WIDTH = 0.03125
CLASSES = 4
IMAGES = 2
SEED = 20261201
LOGIT_SPREAD = 1.0
DELTA_SPREAD = 0.5
OUT = os.environ.get("TORCH_FIXTURES_OUT") or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                                                          "ssd-model", "src", "test", "resources", "torch-fixtures")
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
    return model.eval()


def calibrate_heads(model, images):
    """Scales each head's convolutions so that its outputs on these images have a chosen spread.

    Untrained, the heads' outputs are either near-uniform class scores (whose order rounding decides) or, on the
    0-255 inputs SSD's std of 1/255 gives, so large that softmax saturates at 1.0 and box deltas hit the clamp;
    logits with a standard deviation of LOGIT_SPREAD give scores spread over (0, 1), and deltas of DELTA_SPREAD
    boxes of plausible sizes. A head's output is linear in its weights and biases, so one scaling suffices.
    """
    with torch.no_grad():
        transformed, _ = model.transform([i.float() / 255 for i in images])
        head = model.head(list(model.backbone(transformed.tensors).values()))
        for name, spread in (("classification_head", LOGIT_SPREAD), ("regression_head", DELTA_SPREAD)):
            output = head["cls_logits" if name == "classification_head" else "bbox_regression"]
            factor = spread / output.std().item()
            for conv in getattr(model.head, name).module_list:
                conv.weight.mul_(factor)
                conv.bias.mul_(factor)


SAFETENSORS_DTYPES = {torch.float32: "F32", torch.uint8: "U8", torch.int64: "I64"}


def write_safetensors(path, tensors, metadata):
    header, offset, blobs = {"__metadata__": metadata}, 0, []
    for name, tensor in tensors.items():
        data = tensor.detach().contiguous().numpy().tobytes()
        header[name] = {"dtype": SAFETENSORS_DTYPES[tensor.dtype], "shape": list(tensor.shape),
                        "data_offsets": [offset, offset + len(data)]}
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
    images = [torch.randint(0, 256, (3, 300, 300), dtype=torch.uint8) for _ in range(IMAGES)]
    calibrate_heads(model, images)
    # state_dict() shares storage with the parameters, which the optimizer step below changes in place
    # (a deep copy keeps the OrderedDict and its _metadata, as torch.save writes them for a real model)
    state = copy.deepcopy(model.state_dict())
    path = lambda kind: os.path.join(OUT, f"{STEM}-{kind}")
    torch.save(state, path("fp32.pth"))
    torch.save({k: v.half() for k, v in state.items()}, path("fp16.pth"))
    torch.save(state, path("legacy.pth"), _use_new_zipfile_serialization=False)
    torch.save({"module." + k: v for k, v in state.items()}, path("ddp.pth"))

    optimizer = torch.optim.SGD(model.parameters(), lr=1e-3, momentum=0.9, weight_decay=5e-4)
    model.train()
    losses = model([i.float() / 255 for i in images[:1]],
                   [{"boxes": torch.tensor([[30.0, 40.0, 200.0, 220.0]]), "labels": torch.tensor([1])}])
    sum(losses.values()).backward()
    optimizer.step()  # gives the optimizer its momentum buffers; the saved model is the stepped one
    model.eval()
    checkpoint = {"model": model.state_dict(), "optimizer": optimizer.state_dict(), "epoch": 1,
                  "lr_scheduler": {"last_epoch": 1, "base_lrs": [1e-3]}}
    torch.save(checkpoint, path("checkpoint.pth"))
    torch.save(checkpoint, path("legacy-checkpoint.pth"), _use_new_zipfile_serialization=False)
    # how far the step moved the model: the tests find the checkpoint's "model" by this
    step_norm = math.sqrt(sum(((model.state_dict()[key].double() - state[key].double()) ** 2).sum().item()
                              for key in state))

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
    thresholds = {"score_thresh": model.score_thresh, "nms_thresh": model.nms_thresh,
                  "topk_candidates": model.topk_candidates, "detections_per_img": model.detections_per_img}
    write_safetensors(path("outputs.safetensors"), outputs,
                      {"torch": torch.__version__, "torchvision": torchvision.__version__,
                       "state_dict": json.dumps({key: list(tensor.shape) for key, tensor in state.items()}),
                       "checkpoint_step_norm": repr(step_norm),
                       **{key: str(value) for key, value in thresholds.items()}})
    for i in range(IMAGES):
        scores = detections[i]["scores"]
        print(f"image {i}: {len(scores)} detections, scores {scores.min().item():.4f}..{scores.max().item():.4f}, "
              f"closest neighbours {(scores[:-1] - scores[1:]).min().item():.3g} apart", file=sys.stderr)
    for name in sorted(os.listdir(OUT)):
        print(name, os.path.getsize(os.path.join(OUT, name)), file=sys.stderr)


if __name__ == "__main__":
    main()
