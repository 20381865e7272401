#!/usr/bin/python3
"""Writes the TorchScript module through which the detector converts float32 tensors to bfloat16.

DJL 0.32's PyTorch JNI has no code for bfloat16: any DJL call that names it as a target type (NDArray.toType,
manager.create, network.initialize) reaches `throw;` in GetScalarTypeFromDType and aborts the JVM. A scripted
module that calls `x.to(torch.bfloat16)` does the same conversion inside libtorch. Run with Debian's python3-torch:

    /usr/bin/python3 scripts/make-bfloat16-cast.py ssd-model/src/main/resources/io/ssdstream/ssd/detector/bfloat16-cast.pt
"""
import sys

import torch


class ToBFloat16(torch.nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x.to(torch.bfloat16)


torch.jit.save(torch.jit.script(ToBFloat16()), sys.argv[1])
