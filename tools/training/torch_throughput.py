#!/usr/bin/python3
"""Times Debian's PyTorch training the same network on the same patches as the .NET training benchmark.

Usage (repository root; Debian python3-torch, no onnx package needed):
    dotnet run -c Release --project bench/SemSrDashboard.Benchmarks -- --filter '*TrainingBenchmarks*'
    /usr/bin/python3 tools/training/torch_throughput.py rdn-slim-x4 rdn-medium-x4

The benchmark writes bench/training-batches/<model>.batch (the batch it times: 8 patches of 48x48 low-resolution
pixels from the demo images, seed 1). This script reads models/<model>.onnx with a small protobuf reader, builds the
same graph with torch.nn.functional (Conv, Relu, Concat, Add, Mul, Identity, Resize nearest/asymmetric/floor as a
broadcast view, DepthToSpace), and times one step exactly as the engine takes it: forward, L1 loss in grey levels
against the high-resolution patch, backward, Adam (lr 1e-4). It prints the first loss (compare with the benchmark's
"first loss" line: same network, same patches) and the median step time and patches per second over 7 steps after 1
warm-up step (as the benchmark), with one intra-op thread per core as the engine uses.

With --channels-last the input and the Conv weights are laid out channels-last (torch.channels_last), as the engine
lays them out; the default is PyTorch's contiguous NCHW layout. Reporting both keeps the comparison honest: the engine's
layout is its own optimisation, and PyTorch may gain from it too.
"""
import json
import os
import statistics
import struct
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F


def varint(buf, pos):
    result = shift = 0
    while True:
        byte = buf[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if byte < 0x80:
            return result, pos
        shift += 7


def fields(buf):
    """Yields (field number, wire type, value) of a protobuf message; length-delimited values as bytes."""
    pos = 0
    while pos < len(buf):
        key, pos = varint(buf, pos)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = varint(buf, pos)
        elif wire == 1:
            value, pos = buf[pos:pos + 8], pos + 8
        elif wire == 2:
            length, pos = varint(buf, pos)
            value, pos = buf[pos:pos + length], pos + length
        elif wire == 5:
            value, pos = buf[pos:pos + 4], pos + 4
        else:
            raise ValueError(f"wire type {wire}")
        yield number, wire, value


def packed_ints(wire, value):
    if wire == 0:
        return [value]
    out, pos = [], 0
    while pos < len(value):
        v, pos = varint(value, pos)
        out.append(v)
    return out


def tensor(buf):
    dims, raw, floats, name, dtype = [], b"", [], "", 0
    for number, wire, value in fields(buf):
        if number == 1:
            dims += packed_ints(wire, value)
        elif number == 2:
            dtype = value
        elif number == 4:
            floats += list(struct.unpack(f"<{len(value) // 4}f", value)) if wire == 2 else [struct.unpack("<f", value)[0]]
        elif number == 8:
            name = value.decode()
        elif number == 9:
            raw = value
    assert dtype == 1, f"{name}: only float32 initializers"
    data = np.frombuffer(raw, dtype="<f4").copy() if raw else np.array(floats, dtype=np.float32)
    return name, torch.from_numpy(data.reshape(dims))


def attribute(buf):
    name, out = "", {}
    for number, wire, value in fields(buf):
        if number == 1:
            name = value.decode()
        elif number == 3:
            out["i"] = value - (1 << 64) if value >= 1 << 63 else value
        elif number == 4:
            out["s"] = value.decode()
        elif number == 8:
            out.setdefault("ints", []).extend(v - (1 << 64) if v >= 1 << 63 else v for v in packed_ints(wire, value))
    return name, out.get("ints", out.get("i", out.get("s")))


def load_graph(path):
    model = open(path, "rb").read()
    graph = next(value for number, _, value in fields(model) if number == 7)
    nodes, initializers, inputs, outputs = [], {}, [], []
    for number, _, value in fields(graph):
        if number == 1:
            node = {"input": [], "output": [], "attrs": {}}
            for n, _, v in fields(value):
                if n == 1:
                    node["input"].append(v.decode())
                elif n == 2:
                    node["output"].append(v.decode())
                elif n == 3:
                    node["name"] = v.decode()
                elif n == 4:
                    node["op"] = v.decode()
                elif n == 5:
                    key, val = attribute(v)
                    node["attrs"][key] = val
            nodes.append(node)
        elif number == 5:
            name, t = tensor(value)
            initializers[name] = t
        elif number == 11:
            inputs.append(next(v.decode() for n, _, v in fields(value) if n == 1))
        elif number == 12:
            outputs.append(next(v.decode() for n, _, v in fields(value) if n == 1))
    return nodes, initializers, [i for i in inputs if i not in initializers][0], outputs[0]


class OnnxNetwork(torch.nn.Module):
    def __init__(self, path):
        super().__init__()
        self.nodes, initializers, self.input, self.output = load_graph(path)
        trainable = {n["input"][i] for n in self.nodes if n["op"] == "Conv" for i in (1, 2) if i < len(n["input"])}
        self.params = torch.nn.ParameterList()
        self.values = {}
        for name, t in initializers.items():
            if name in trainable:
                p = torch.nn.Parameter(t)
                self.params.append(p)
                self.values[name] = p
            else:
                self.values[name] = t

    def forward(self, x):
        v = dict(self.values)
        v[self.input] = x
        for n in self.nodes:
            a, i = n["attrs"], [v[name] for name in n["input"] if name]
            op = n["op"]
            if op == "Conv":
                top, left, bottom, right = a.get("pads", [0, 0, 0, 0])
                assert top == bottom and left == right
                y = F.conv2d(i[0], i[1], i[2] if len(i) > 2 else None, a.get("strides", [1, 1]), [top, left],
                             a.get("dilations", [1, 1]), a.get("group", 1))
            elif op == "Relu":
                y = F.relu(i[0])
            elif op == "Identity":
                y = i[0]
            elif op == "Add":
                y = i[0] + i[1]
            elif op == "Mul":
                y = i[0] * i[1]
            elif op == "Concat":
                y = torch.cat(i, a["axis"])
            elif op == "Resize":
                s = int(i[1][2])
                nb, c, h, w = i[0].shape
                if i[0].is_contiguous(memory_format=torch.channels_last) and not i[0].is_contiguous():
                    # As the engine does it: repeated in NHWC order, so the result stays channels-last.
                    y = (i[0].permute(0, 2, 3, 1).reshape(nb, h, 1, w, 1, c).expand(nb, h, s, w, s, c)
                         .reshape(nb, h * s, w * s, c).permute(0, 3, 1, 2))
                else:
                    y = i[0].reshape(nb, c, h, 1, w, 1).expand(nb, c, h, s, w, s).reshape(nb, c, h * s, w * s)
            elif op == "DepthToSpace":
                b = a["blocksize"]
                nb, c, h, w = i[0].shape
                assert a.get("mode", "DCR") == "DCR"
                y = i[0].reshape(nb, b, b, c // (b * b), h, w).permute(0, 3, 4, 1, 5, 2).reshape(nb, c // (b * b), h * b, w * b)
            else:
                raise ValueError(f"operator {op} (node {n.get('name')}) not supported")
            v[n["output"][0]] = y
        return v[self.output]


def read_batch(path):
    raw = open(path, "rb").read()
    count, channels, patch, scale = struct.unpack_from("<4i", raw)
    values = np.frombuffer(raw, dtype="<f4", offset=16)
    n_in = count * channels * patch * patch
    side = patch * scale
    return (torch.from_numpy(values[:n_in].copy()).reshape(count, channels, patch, patch),
            torch.from_numpy(values[n_in:].copy()).reshape(count, 1, side, side))


def main(models, channels_last):
    torch.set_num_threads(os.cpu_count())
    layout = "channels-last" if channels_last else "contiguous"
    for model in models:
        card = json.load(open(f"models/{model}.card.json"))
        low, span = card["outputRange"][0], card["outputRange"][1] - card["outputRange"][0]
        net = OnnxNetwork(f"models/{model}.onnx")
        x, target = read_batch(f"bench/training-batches/{model}.batch")
        if channels_last:
            x = x.contiguous(memory_format=torch.channels_last)
            with torch.no_grad():
                for p in net.params:
                    if p.dim() == 4:
                        p.data = p.data.contiguous(memory_format=torch.channels_last)
        optimizer = torch.optim.Adam(net.parameters(), lr=1e-4)

        def step():
            optimizer.zero_grad()
            loss = ((net(x) - low) * (255.0 / span) - target).abs().mean()
            loss.backward()
            optimizer.step()
            return loss.item()

        first = step()
        step()
        times = []
        for _ in range(7):
            start = time.perf_counter()
            step()
            times.append(time.perf_counter() - start)
        median = statistics.median(times)
        print(f"{model}: PyTorch {torch.__version__}, {torch.get_num_threads()} threads, {layout}, first loss {first:.6f} grey levels, "
              f"median step {median * 1000:.1f} ms = {x.shape[0] / median:.2f} patches/s")


if __name__ == "__main__":
    arguments = [a for a in sys.argv[1:] if a != "--channels-last"]
    main(arguments or ["rdn-slim-x4", "rdn-medium-x4"], "--channels-last" in sys.argv[1:])
