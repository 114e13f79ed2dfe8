"""A small NumPy evaluator for the ONNX operators a DRLN export uses.

Debian 12 packages python3-onnx but not python3-onnxruntime, and OpenCV 4.6's ONNX importer cannot run this
graph (it fails on DepthToSpace with dynamic spatial size).  This evaluator is an independent implementation
of the operator semantics in the ONNX specification, written only for the operator subset below; any other
operator (or attribute value outside the supported range) raises, so a silently wrong check is not possible.

Supported: Conv (2-D, group 1, any pads/dilations/strides 1), Relu, Sigmoid, PRelu, Add, Mul, Concat,
GlobalAveragePool, ReduceMax (opset < 18, axes attribute), DepthToSpace (DCR and CRD), Identity, Constant.
"""

from __future__ import annotations

import numpy as np
import onnx
from onnx import numpy_helper


def _attrs(node):
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def _conv(x, w, b, at):
    if at.get("group", 1) != 1:
        raise NotImplementedError("Conv group != 1")
    if any(s != 1 for s in at.get("strides", [1, 1])):
        raise NotImplementedError("Conv stride != 1")
    if at.get("auto_pad", b"NOTSET") not in (b"NOTSET", "NOTSET"):
        raise NotImplementedError("Conv auto_pad")
    dh, dw = at.get("dilations", [1, 1])
    pt, pl, pb, pr = at.get("pads", [0, 0, 0, 0])
    n, cin, h, wd = x.shape
    cout, cin_w, kh, kw = w.shape
    if cin_w != cin:
        raise ValueError("Conv channel mismatch")
    xp = np.pad(x, ((0, 0), (0, 0), (pt, pb), (pl, pr)))
    oh = h + pt + pb - dh * (kh - 1)
    ow = wd + pl + pr - dw * (kw - 1)
    out = np.zeros((n, cout, oh, ow), dtype=np.float64)
    for i in range(kh):
        for j in range(kw):
            patch = xp[:, :, i * dh:i * dh + oh, j * dw:j * dw + ow]
            out += np.einsum("oc,nchw->nohw", w[:, :, i, j].astype(np.float64), patch, optimize=True)
    if b is not None:
        out += b.reshape(1, -1, 1, 1)
    return out


def _depth_to_space(x, at):
    bs = at["blocksize"]
    mode = at.get("mode", b"DCR")
    mode = mode.decode() if isinstance(mode, bytes) else mode
    n, c, h, w = x.shape
    oc = c // (bs * bs)
    if mode == "DCR":
        t = x.reshape(n, bs, bs, oc, h, w).transpose(0, 3, 4, 1, 5, 2)
    elif mode == "CRD":
        t = x.reshape(n, oc, bs, bs, h, w).transpose(0, 1, 4, 2, 5, 3)
    else:
        raise NotImplementedError(mode)
    return t.reshape(n, oc, h * bs, w * bs)


def run(model_path_or_proto, inputs: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Evaluates the graph in float64 and returns the graph outputs as float32 arrays."""
    m = model_path_or_proto if isinstance(model_path_or_proto, onnx.ModelProto) else onnx.load(model_path_or_proto)
    g = m.graph
    env: dict[str, np.ndarray] = {t.name: numpy_helper.to_array(t).astype(np.float64) for t in g.initializer}
    for k, v in inputs.items():
        env[k] = np.asarray(v, dtype=np.float64)
    for node in g.node:
        op, at = node.op_type, _attrs(node)
        ins = [env[i] if i else None for i in node.input]
        if op == "Conv":
            y = _conv(ins[0], ins[1], ins[2] if len(ins) > 2 else None, at)
        elif op == "Relu":
            y = np.maximum(ins[0], 0)
        elif op == "Sigmoid":
            y = 1.0 / (1.0 + np.exp(-ins[0]))
        elif op == "PRelu":
            y = np.where(ins[0] >= 0, ins[0], ins[0] * ins[1])
        elif op == "Add":
            y = ins[0] + ins[1]
        elif op == "Mul":
            y = ins[0] * ins[1]
        elif op == "Concat":
            y = np.concatenate(ins, axis=at["axis"])
        elif op == "GlobalAveragePool":
            y = ins[0].mean(axis=(2, 3), keepdims=True)
        elif op == "ReduceMax":
            if len(ins) > 1:
                raise NotImplementedError("ReduceMax with axes input")
            y = ins[0].max(axis=tuple(at["axes"]), keepdims=bool(at.get("keepdims", 1)))
        elif op == "DepthToSpace":
            y = _depth_to_space(ins[0], at)
        elif op == "Identity":
            y = ins[0]
        elif op == "Constant":
            y = numpy_helper.to_array(at["value"]).astype(np.float64)
        else:
            raise NotImplementedError(f"operator {op} not supported by onnx_ref")
        env[node.output[0]] = y
    return {o.name: env[o.name].astype(np.float32) for o in g.output}
