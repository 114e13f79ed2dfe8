"""DRLN (Densely Residual Laplacian Network) in PyTorch, for ONNX export.

Anwar & Barnes, "Densely Residual Laplacian Super-Resolution", IEEE TPAMI 2020.

The module layout (attribute names, nesting, Sequential indices) is chosen so that the state-dict keys and shapes
equal those of the published super-image checkpoints (`eugenesiow/drln-bam`, `eugenesiow/drln`), so those
checkpoints load with ``strict=True``.  See /work/shared/drln/*.tsv for the reference listings and
``export_drln.py --self-check`` for the comparison.

Conventions
-----------
* input: RGB in [0, 1], NCHW float32;
* the DIV2K mean is subtracted at the start and added back at the end inside the model (``sub_mean`` /
  ``add_mean``, 1x1 convolutions with identity weights, stored in the checkpoint);
* the output is not clamped (callers clamp to [0, 1] when converting to an image).

Structure
---------
head conv -> G cascading groups of dense blocks -> long skip -> pixel-shuffle upsampler -> tail conv.

A group with blocks j = 1..n receives the previous group's residual output ``a`` and the last fusion output
``o`` of the previous group (for the first group both are the head features).  Block j reads the previous
fusion output (block 1 reads ``a``); its output is appended to a dense concatenation that starts with ``o``;
a 3x3 conv + ReLU (``c<k>``) fuses the (j+1)*C channels back to C.  The group output is the last fusion output
plus ``a``.  The full model uses groups of (3, 3, 3, 3, 4, 4) blocks = 20 blocks, c1..c20.

One irregularity of the published implementation is kept on purpose, because the checkpoint was trained with
it: the second block of the second group (``b5``) reads the group input ``a1`` instead of the fusion output
``o4``, so the output of ``c4`` is never used (its weights are still part of the state dict).
``second_block_reads_group_input=False`` gives the regular wiring.

Each dense block (``b<k>``): three residual blocks on C, 2C and 4C channels with dense concatenation
(C -> 2C -> 4C -> 8C), a 1x1 conv + ReLU to C channels (``g``), then an attention module (``ca``):

* ``bam=False`` (the paper's Laplacian attention): global average pool, three 3x3 convs with dilation 3, 5, 7
  (+ReLU) to C/r channels each, concatenated, 3x3 conv + sigmoid to C channels, multiply;
* ``bam=True`` (the variant of `eugenesiow/drln-bam`): channel attention (avg-pool, 1x1 conv C->C/r without
  bias, PReLU, 1x1 conv C/r->C without bias, sigmoid) times spatial attention (channel max, 7x7 conv without
  bias, sigmoid), times the features.
"""

from __future__ import annotations

import math
from typing import Sequence

import torch
import torch.nn as nn
import torch.nn.functional as F

DIV2K_RGB_MEAN = (0.4488, 0.4371, 0.4040)
FULL_GROUPS = (3, 3, 3, 3, 4, 4)


class MeanShift(nn.Module):
    """Adds (sign=+1) or subtracts (sign=-1) a per-channel mean; stored as a 1x1 conv under ``shifter``."""

    def __init__(self, mean: Sequence[float], sign: int):
        super().__init__()
        self.shifter = nn.Conv2d(3, 3, kernel_size=1)
        with torch.no_grad():
            self.shifter.weight.copy_(torch.eye(3).reshape(3, 3, 1, 1))
            self.shifter.bias.copy_(torch.tensor([sign * m for m in mean], dtype=torch.float32))
        for p in self.shifter.parameters():
            p.requires_grad_(False)

    def forward(self, x):
        return self.shifter(x)


class ConvAct(nn.Module):
    """Conv followed by an activation, held in ``body`` (keys ``body.0.*``)."""

    def __init__(self, cin, cout, k=3, pad=1, dilation=1, act: str = "relu"):
        super().__init__()
        activation = nn.ReLU(inplace=True) if act == "relu" else nn.Sigmoid()
        self.body = nn.Sequential(nn.Conv2d(cin, cout, k, 1, pad, dilation), activation)

    def forward(self, x):
        return self.body(x)


class ResidualUnit(nn.Module):
    """conv-ReLU-conv with identity skip and a final ReLU (keys ``body.0`` and ``body.2``)."""

    def __init__(self, channels):
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv2d(channels, channels, 3, 1, 1),
            nn.ReLU(inplace=True),
            nn.Conv2d(channels, channels, 3, 1, 1),
        )

    def forward(self, x):
        return F.relu(self.body(x) + x)


class LaplacianAttention(nn.Module):
    """Channel attention of the paper: pooled descriptor through three dilated branches (3, 5, 7)."""

    def __init__(self, channels, reduction=16):
        super().__init__()
        mid = channels // reduction
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.c1 = ConvAct(channels, mid, 3, pad=3, dilation=3)
        self.c2 = ConvAct(channels, mid, 3, pad=5, dilation=5)
        self.c3 = ConvAct(channels, mid, 3, pad=7, dilation=7)
        self.c4 = ConvAct(mid * 3, channels, 3, pad=1, act="sigmoid")

    def forward(self, x):
        y = self.pool(x)
        y = torch.cat([self.c1(y), self.c2(y), self.c3(y)], dim=1)
        return x * self.c4(y)


class _ChannelGate(nn.Module):
    def __init__(self, channels, reduction=16):
        super().__init__()
        mid = channels // reduction
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc1 = nn.Conv2d(channels, mid, 1, bias=False)
        self.relu1 = nn.PReLU(mid)
        self.fc2 = nn.Conv2d(mid, channels, 1, bias=False)

    def forward(self, x):
        return torch.sigmoid(self.fc2(self.relu1(self.fc1(self.pool(x)))))


class _SpatialGate(nn.Module):
    def __init__(self, kernel_size=7):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 1, kernel_size, padding=kernel_size // 2, bias=False)

    def forward(self, x):
        peak = torch.amax(x, dim=1, keepdim=True)
        return torch.sigmoid(self.conv1(peak))


class BlockAttention(nn.Module):
    """BAM-style attention: channel gate (``ca``) times spatial gate (``sa``) times the features."""

    def __init__(self, channels, reduction=16):
        super().__init__()
        self.ca = _ChannelGate(channels, reduction)
        self.sa = _SpatialGate(7)

    def forward(self, x):
        return self.ca(x) * self.sa(x) * x


class DenseResidualBlock(nn.Module):
    """Densely connected residual units (C, 2C, 4C), 1x1 fusion to C, attention."""

    def __init__(self, channels, reduction=16, bam=True):
        super().__init__()
        c = channels
        self.r1 = ResidualUnit(c)
        self.r2 = ResidualUnit(2 * c)
        self.r3 = ResidualUnit(4 * c)
        self.g = ConvAct(8 * c, c, k=1, pad=0)
        self.ca = BlockAttention(c, reduction) if bam else LaplacianAttention(c, reduction)

    def forward(self, x):
        t = torch.cat([x, self.r1(x)], dim=1)
        t = torch.cat([t, self.r2(t)], dim=1)
        t = torch.cat([t, self.r3(t)], dim=1)
        return self.ca(self.g(t))


class PixelShuffleUpsampler(nn.Module):
    """Stored under ``up.body``: [conv(C->4C), ReLU, PixelShuffle(2)] per factor 2, or one x3 stage."""

    def __init__(self, channels, scale):
        super().__init__()
        layers: list[nn.Module] = []
        if scale in (2, 4, 8):
            for _ in range(int(math.log2(scale))):
                layers += [nn.Conv2d(channels, 4 * channels, 3, 1, 1), nn.ReLU(inplace=True), nn.PixelShuffle(2)]
        elif scale == 3:
            layers += [nn.Conv2d(channels, 9 * channels, 3, 1, 1), nn.ReLU(inplace=True), nn.PixelShuffle(3)]
        else:
            raise ValueError(f"unsupported scale {scale}")
        self.up = nn.Module()
        self.up.body = nn.Sequential(*layers)

    def forward(self, x):
        return self.up.body(x)


class DRLN(nn.Module):
    """DRLN super-resolution network.

    Args:
        scale: 2, 3, 4 or 8.
        bam: True for the BAM attention variant (`eugenesiow/drln-bam`), False for the paper's attention.
        channels: feature channels C (64 in the published models).
        groups: number of dense blocks per cascading group; (3, 3, 3, 3, 4, 4) in the published models.
        reduction: attention reduction ratio r (16 in the published models).
        second_block_reads_group_input: keep the published wiring of block b5 (see module docstring).
        rgb_mean: mean subtracted/added inside the model.
    """

    def __init__(
        self,
        scale: int = 4,
        bam: bool = True,
        channels: int = 64,
        groups: Sequence[int] = FULL_GROUPS,
        reduction: int = 16,
        second_block_reads_group_input: bool = True,
        rgb_mean: Sequence[float] = DIV2K_RGB_MEAN,
    ):
        super().__init__()
        if channels // reduction < 1:
            raise ValueError("channels // reduction must be at least 1")
        self.scale = scale
        self.groups = tuple(int(g) for g in groups)
        self.quirk = second_block_reads_group_input
        c = channels

        self.sub_mean = MeanShift(rgb_mean, -1)
        self.add_mean = MeanShift(rgb_mean, +1)
        self.head = nn.Conv2d(3, c, 3, 1, 1)

        # Blocks b1..bN and fusion convs c1..cN, registered under those exact names (checkpoint keys).
        k = 0
        for n in self.groups:
            for j in range(1, n + 1):
                k += 1
                setattr(self, f"b{k}", DenseResidualBlock(c, reduction, bam))
        k = 0
        for n in self.groups:
            for j in range(1, n + 1):
                k += 1
                setattr(self, f"c{k}", ConvAct((j + 1) * c, c, 3, pad=1))

        self.upsample = PixelShuffleUpsampler(c, scale)
        self.tail = nn.Conv2d(c, 3, 3, 1, 1)

    def forward(self, x):
        x = self.head(self.sub_mean(x))
        a = o = x  # group input (residual base) and last fusion output
        k = 0
        for gi, n in enumerate(self.groups):
            dense = o
            inp = a
            for j in range(1, n + 1):
                k += 1
                if j > 1 and not (self.quirk and gi == 1 and j == 2):
                    inp = o_cur
                b = getattr(self, f"b{k}")(inp)
                dense = torch.cat([dense, b], dim=1)
                if self.quirk and gi == 1 and j == 1 and n > 1:
                    o_cur = None  # c<k> output is unused in the published wiring; skip computing it
                    continue
                o_cur = getattr(self, f"c{k}")(dense)
            a = o_cur + a
            o = o_cur
        out = self.upsample(a + x)
        return self.add_mean(self.tail(out))


def build(variant: str = "bam", scale: int = 4, **kw) -> DRLN:
    """Full-size published configuration: variant 'bam' or 'plain'."""
    return DRLN(scale=scale, bam=(variant == "bam"), **kw)


def tiny(scale: int = 4, bam: bool = True) -> DRLN:
    """Narrow model with the same block structure (two groups incl. the b5 wiring), for tests."""
    return DRLN(scale=scale, bam=bam, channels=8, groups=(3, 4), reduction=4)


def parameter_count(model: nn.Module) -> int:
    return sum(t.numel() for t in model.state_dict().values())
