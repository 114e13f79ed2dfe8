#!/usr/bin/python3
"""Exports a DRLN super-resolution checkpoint (super-image `eugenesiow/drln-bam` / `eugenesiow/drln`) to ONNX
with a model card, and checks the export.

  export:      export_drln.py --checkpoint pytorch_model_4x.pt --scale 4 --bam --out models/
  self-check:  export_drln.py --self-check            (no weights needed)
  fixture:     export_drln.py --make-fixture DIR      (narrow random model + PyTorch input/output pair)
  benchmark:   export_drln.py --benchmark [--threads N] [--bench-size 256x192] [--onnx-size]

Run with Debian's interpreter: /usr/bin/python3 (python3-torch, python3-onnx).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
import torch

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import drln  # noqa: E402

OPSET = 13
REFERENCE_DIR = HERE / "reference"
REFERENCE_TSV = {"bam": "drln-bam-x4-state-dict.tsv", "plain": "drln-x4-state-dict.tsv"}
REFERENCE_PARAMS = {"bam": 34_311_167, "plain": 34_577_867}
HUB_REVISION = "c5d6efffdb6d7ddda5909f2d9105b33b69f4039f"  # main of eugenesiow/drln-bam, 2021-09-13
TOLERANCE = 1e-4  # max |ONNX - PyTorch| accepted, float32, outputs in roughly [0, 1]


# ----------------------------------------------------------------------------------------------------------
# helpers

def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def model_id(bam: bool, scale: int) -> str:
    return f"drln-bam-x{scale}" if bam else f"drln-x{scale}"


def export_onnx(model: torch.nn.Module, path: Path, sample_hw=(32, 32)) -> None:
    """Traces the model to ONNX: input `input` [1,3,H,W], output `output` [1,3,sH,sW], H and W dynamic."""
    import onnx

    model.eval()
    dummy = torch.rand(1, 3, *sample_hw)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            model, dummy, str(path),
            opset_version=OPSET,
            input_names=["input"], output_names=["output"],
            dynamic_axes={"input": {2: "height", 3: "width"}, "output": {2: "out_height", 3: "out_width"}},
            do_constant_folding=True,
        )
    m = onnx.load(str(path))
    # The exporter shares identical initializers (the two mean-shift weights) through Identity nodes;
    # give each its own copy so the graph holds only compute operators.
    inits = {t.name: t for t in m.graph.initializer}
    for node in list(m.graph.node):
        if node.op_type == "Identity" and node.input[0] in inits:
            t = onnx.TensorProto()
            t.CopyFrom(inits[node.input[0]])
            t.name = node.output[0]
            m.graph.initializer.append(t)
            m.graph.node.remove(node)
    m.producer_name = "SemSrDashboard tools/drln"
    onnx.checker.check_model(m)
    onnx.save(m, str(path))


def run_onnx(path: Path, x: np.ndarray) -> tuple[np.ndarray, str]:
    """Runs the ONNX file: onnxruntime when installed, otherwise the NumPy reference evaluator."""
    try:
        import onnxruntime as ort  # not packaged in Debian 12; used when present

        sess = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
        return sess.run(None, {"input": x})[0], f"onnxruntime {ort.__version__}"
    except ImportError:
        import onnx_ref

        return onnx_ref.run(str(path), {"input": x})["output"], "onnx_ref (NumPy evaluator of the ONNX operators)"


def torch_forward(model, x: np.ndarray) -> np.ndarray:
    with torch.no_grad():
        return model(torch.from_numpy(x)).numpy()


def load_checkpoint(path: Path) -> dict:
    obj = torch.load(str(path), map_location="cpu")
    if isinstance(obj, torch.nn.Module):
        obj = obj.state_dict()
    if isinstance(obj, dict) and "state_dict" in obj and isinstance(obj["state_dict"], dict):
        obj = obj["state_dict"]
    if not isinstance(obj, dict):
        raise SystemExit(f"{path}: not a state dict")
    if obj and all(k.startswith("module.") for k in obj):  # saved from DataParallel
        obj = {k[len("module."):]: v for k, v in obj.items()}
    return obj


def build_card(*, mid: str, bam: bool, scale: int, params: int, onnx_path: Path, source_package: str,
               source_version: str, licence: str, training: str, notes: str, display: str | None = None,
               architecture: str | None = None) -> dict:
    return {
        "id": mid,
        "displayName": display or (f"DRLN-BAM x{scale}" if bam else f"DRLN x{scale}"),
        "architecture": architecture or ("DRLN (BAM attention)" if bam else "DRLN (Laplacian attention)"),
        "scale": scale,
        "channels": 3,
        "inputRange": [0, 1],
        "outputRange": [0, 1],
        "trainingData": training,
        "parameterCount": params,
        "sourcePackage": source_package,
        "sourceVersion": source_version,
        "licence": licence,
        "sha256": sha256_of(onnx_path),
        "notes": notes,
        "inferred": False,
    }


def write_json(path: Path, obj) -> None:
    path.write_text(json.dumps(obj, indent=2) + "\n", encoding="utf-8")


def compare_keys(model: torch.nn.Module, tsv: Path) -> tuple[bool, str]:
    lines = tsv.read_text(encoding="utf-8").splitlines()
    ref = dict(line.split("\t") for line in lines[1:] if line.strip())
    own = {k: "x".join(str(d) for d in t.shape) for k, t in model.state_dict().items()}
    missing = sorted(set(ref) - set(own))
    extra = sorted(set(own) - set(ref))
    shape = sorted(k for k in set(ref) & set(own) if ref[k] != own[k])
    ok = not (missing or extra or shape)
    detail = f"{len(own)} keys vs {len(ref)} in {tsv.name}"
    if not ok:
        detail += f"; missing {missing[:3]} extra {extra[:3]} shape-mismatch {shape[:3]}"
    return ok, detail


def deterministic_input(h: int, w: int, seed: int) -> np.ndarray:
    """Smooth RGB pattern plus seeded noise, in [0, 1], shape [1, 3, h, w]."""
    rng = np.random.default_rng(seed)
    yy, xx = np.meshgrid(np.linspace(0, 1, h), np.linspace(0, 1, w), indexing="ij")
    base = np.stack([xx, yy, 0.5 + 0.5 * np.sin(6.0 * xx + 4.0 * yy)])
    x = 0.8 * base + 0.2 * rng.random((3, h, w))
    return np.clip(x, 0.0, 1.0).astype(np.float32)[None]


# ----------------------------------------------------------------------------------------------------------
# modes

def do_export(a) -> int:
    bam = a.bam
    model = drln.DRLN(scale=a.scale, bam=bam).eval()
    sd = load_checkpoint(Path(a.checkpoint))
    try:
        model.load_state_dict(sd, strict=True)  # any missing/unexpected key or shape mismatch is an error
    except RuntimeError as e:
        own = set(model.state_dict())
        hint = ""
        if any(".ca.ca.fc1." in k for k in sd) and not bam:
            hint = " The checkpoint is the BAM variant: use --bam."
        elif any(".ca.c1.body." in k for k in sd) and bam:
            hint = " The checkpoint is the plain variant: use --no-bam."
        print(f"FAIL: {a.checkpoint} does not match DRLN(bam={bam}, scale={a.scale}) "
              f"({len(set(sd) - own)} unexpected, {len(own - set(sd))} missing keys).{hint}\n"
              f"{str(e)[:600]}", file=sys.stderr)
        return 2
    for name, sign in (("sub_mean", -1), ("add_mean", 1)):
        b = getattr(model, name).shifter.bias.detach().numpy()
        if not np.allclose(b, sign * np.array(drln.DIV2K_RGB_MEAN), atol=1e-4):
            print(f"warning: {name} bias {b} differs from the DIV2K mean", file=sys.stderr)
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    mid = a.id or model_id(bam, a.scale)
    onnx_path = out / f"{mid}.onnx"
    export_onnx(model, onnx_path)

    # Check the export against PyTorch on a small input.
    x = deterministic_input(24, 32, seed=1)
    y_t = torch_forward(model, x)
    y_o, runner = run_onnx(onnx_path, x)
    diff = float(np.abs(y_t - y_o).max())
    status = "PASS" if diff <= TOLERANCE and y_o.shape == y_t.shape else "FAIL"
    print(f"{status}: ONNX vs PyTorch on 1x3x24x32 -> {list(y_o.shape)}, max |diff| = {diff:.2e} ({runner})")

    package = "eugenesiow/drln-bam" if bam else "eugenesiow/drln"
    card = build_card(
        mid=mid, bam=bam, scale=a.scale, params=drln.parameter_count(model), onnx_path=onnx_path,
        source_package=package, source_version=a.source_version, licence="Apache-2.0", training="DIV2K",
        notes=(f"super-image port of DRLN (Anwar & Barnes, TPAMI 2020), checkpoint {Path(a.checkpoint).name} "
               f"(sha256 {sha256_of(Path(a.checkpoint))}), exported to ONNX opset {OPSET} by tools/drln/"
               f"export_drln.py; input RGB [0,1] NCHW, DIV2K mean handled inside the graph; output not "
               f"clamped (clamp to [0,1]). ONNX vs PyTorch max abs diff {diff:.1e} on a 24x32 input."),
    )
    card_path = out / f"{mid}.card.json"
    write_json(card_path, card)
    print(f"wrote {onnx_path} ({onnx_path.stat().st_size / 1e6:.1f} MB) and {card_path}")
    return 0 if status == "PASS" else 1


def do_self_check(a) -> int:
    results: list[tuple[str, bool, str]] = []

    def record(name, ok, detail):
        results.append((name, ok, detail))
        print(f"  [{'PASS' if ok else 'FAIL'}] {name}: {detail}", flush=True)

    print("DRLN self-check (random weights; no checkpoint needed)")
    tsv_dir = Path(a.tsv_dir) if a.tsv_dir else REFERENCE_DIR
    torch.manual_seed(0)
    full = {}
    for variant in ("bam", "plain"):
        m = drln.build(variant, scale=4).eval()
        full[variant] = m
        ok, detail = compare_keys(m, tsv_dir / REFERENCE_TSV[variant])
        record(f"state-dict keys/shapes, {variant} x4", ok, detail)
        n = drln.parameter_count(m)
        record(f"parameter count, {variant} x4", n == REFERENCE_PARAMS[variant],
               f"{n:,} (expected {REFERENCE_PARAMS[variant]:,})")

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        # Strict load through the same path the export uses (torch.save / load_checkpoint / strict=True).
        ck = tmp / "random_4x.pt"
        torch.save(full["bam"].state_dict(), ck)
        fresh = drln.build("bam", scale=4)
        try:
            fresh.load_state_dict(load_checkpoint(ck), strict=True)
            record("strict load of a saved state dict", True, "load_state_dict(strict=True) accepted")
        except Exception as e:  # noqa: BLE001
            record("strict load of a saved state dict", False, str(e)[:200])
        del fresh
        ck.unlink()

        cases = [("tiny bam", drln.tiny(bam=True)), ("tiny plain", drln.tiny(bam=False))]
        if not a.quick:
            cases += [("full bam", full["bam"]), ("full plain", full["plain"])]
        for name, m in cases:
            m.eval()
            path = tmp / (name.replace(" ", "-") + ".onnx")
            t0 = time.time()
            try:
                export_onnx(m, path)
            except Exception as e:  # noqa: BLE001
                record(f"ONNX export, {name}", False, str(e)[:200])
                continue
            size = path.stat().st_size
            record(f"ONNX export, {name}", True,
                   f"opset {OPSET}, {size / 1e6:.1f} MB, checker OK, {time.time() - t0:.0f} s")
            for (h, w) in ((12, 16), (20, 9)):
                x = deterministic_input(h, w, seed=h * 100 + w)
                y_t = torch_forward(m, x)
                y_o, runner = run_onnx(path, x)
                same_shape = tuple(y_o.shape) == (1, 3, 4 * h, 4 * w) == tuple(y_t.shape)
                diff = float(np.abs(y_t - y_o).max()) if same_shape else float("inf")
                record(f"ONNX vs PyTorch, {name}, 1x3x{h}x{w}", same_shape and diff <= TOLERANCE,
                       f"out {list(y_o.shape)}, max |diff| {diff:.2e} (tol {TOLERANCE:g}; {runner})")
            if name == "tiny bam":
                # Negative control: a slightly altered weight must make the comparison fail.
                import onnx
                from onnx import numpy_helper

                mo = onnx.load(str(path))
                init = next(t for t in mo.graph.initializer if t.name == "tail.weight")
                arr = numpy_helper.to_array(init).copy()
                arr.flat[0] += 0.05
                init.CopyFrom(numpy_helper.from_array(arr, init.name))
                bad = tmp / "tiny-bam-altered.onnx"
                onnx.save(mo, str(bad))
                x = deterministic_input(12, 16, seed=1)
                d = float(np.abs(torch_forward(m, x) - run_onnx(bad, x)[0]).max())
                record("negative control (altered tail weight detected)", d > TOLERANCE, f"max |diff| {d:.2e}")
                bad.unlink()
            path.unlink()

    failed = [r for r in results if not r[1]]
    print(f"SUMMARY: {'PASS' if not failed else 'FAIL'} ({len(results) - len(failed)}/{len(results)} checks passed)")
    return 0 if not failed else 1


def do_make_fixture(a) -> int:
    out = Path(a.make_fixture)
    out.mkdir(parents=True, exist_ok=True)
    seed = 20240517
    torch.manual_seed(seed)
    model = drln.tiny(scale=4, bam=True).eval()
    mid = "drln-tiny-x4"
    onnx_path = out / f"{mid}.onnx"
    export_onnx(model, onnx_path)

    h, w = 12, 16  # input 16 wide x 12 high
    x = deterministic_input(h, w, seed=7)
    y = torch_forward(model, x)
    y_o, runner = run_onnx(onnx_path, x)
    diff = float(np.abs(y - y_o).max())
    if diff > TOLERANCE:
        print(f"FAIL: fixture ONNX differs from PyTorch by {diff:.2e}")
        return 1
    x.astype("<f4").tofile(out / f"{mid}.input.f32")
    y.astype("<f4").tofile(out / f"{mid}.output.f32")

    card = build_card(
        mid=mid, bam=True, scale=4, params=drln.parameter_count(model), onnx_path=onnx_path,
        source_package="none (random initialisation)", source_version=f"torch.manual_seed({seed})",
        licence="n/a (random weights generated by this project)", training="none (random weights; test fixture)",
        display="DRLN tiny x4 (test fixture)",
        architecture="DRLN (BAM attention), 8 channels, groups (3, 4), reduction 4",
        notes=("Test fixture, not a super-resolution model: narrow DRLN-BAM with the same block structure "
               "(dense residual blocks, cascading groups, b5 wiring, pixel-shuffle x4) and random weights, made "
               f"by tools/drln/export_drln.py --make-fixture with PyTorch {torch.__version__}, ONNX opset {OPSET}."),
    )
    write_json(out / f"{mid}.card.json", card)
    meta = {
        "model": f"{mid}.onnx",
        "description": "PyTorch reference input/output for the ONNX model; raw float32 little-endian, NCHW, "
                       "no header.",
        "input": {"file": f"{mid}.input.f32", "name": "input", "shape": [1, 3, h, w], "layout": "NCHW",
                  "dtype": "float32-le", "range": [float(x.min()), float(x.max())],
                  "sha256": sha256_of(out / f"{mid}.input.f32")},
        "output": {"file": f"{mid}.output.f32", "name": "output", "shape": list(y.shape), "layout": "NCHW",
                   "dtype": "float32-le", "range": [float(y.min()), float(y.max())],
                   "mean": float(y.mean()), "std": float(y.std()),
                   "sha256": sha256_of(out / f"{mid}.output.f32")},
        "clamped": False,
        "tolerance": {"maxAbs": TOLERANCE,
                      "note": "max |ONNX Runtime - PyTorch| over all elements; float32 rounding differences "
                              "measured here are ~1e-7"},
        "producer": {"torch": torch.__version__, "seed": seed, "inputSeed": 7,
                     "script": "tools/drln/export_drln.py --make-fixture"},
        "check": {"runner": runner, "maxAbsDiff": diff},
    }
    write_json(out / f"{mid}.fixture.json", meta)
    print(f"wrote fixture to {out}: input {[1, 3, h, w]}, output {list(y.shape)}, "
          f"ONNX {onnx_path.stat().st_size / 1e3:.0f} kB, ONNX vs PyTorch {diff:.2e} ({runner})")
    return 0


def do_benchmark(a) -> int:
    w, h = (int(v) for v in a.bench_size.lower().split("x"))
    threads = a.threads or torch.get_num_threads()
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    model = drln.build("bam", scale=4).eval()
    x = torch.from_numpy(deterministic_input(h, w, seed=3))
    print(f"PyTorch {torch.__version__}, CPU, {threads} thread(s), os.cpu_count()={os.cpu_count()}, "
          f"DRLN-BAM x4 random weights ({drln.parameter_count(model):,} params), input 1x3x{h}x{w}")
    for i in range(a.repeat):
        t0 = time.perf_counter()
        with torch.inference_mode():
            y = model(x)
        dt = time.perf_counter() - t0
        print(f"  run {i + 1}: {dt:.1f} s -> output {list(y.shape)} (load average {os.getloadavg()[0]:.1f})",
              flush=True)
    if a.onnx_size:
        with tempfile.TemporaryDirectory() as tmp:
            p = Path(tmp) / "drln-bam-x4-random.onnx"
            export_onnx(model, p)
            print(f"ONNX file size (full-size random DRLN-BAM x4, opset {OPSET}): {p.stat().st_size:,} bytes "
                  f"({p.stat().st_size / 2**20:.1f} MiB)")
    return 0


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--checkpoint", help="super-image state dict, e.g. pytorch_model_4x.pt")
    p.add_argument("--scale", type=int, default=4, choices=[2, 3, 4, 8])
    p.add_argument("--bam", dest="bam", action="store_true", default=True, help="BAM variant (default)")
    p.add_argument("--no-bam", dest="bam", action="store_false", help="plain DRLN (eugenesiow/drln)")
    p.add_argument("--out", default="models", help="output folder (default models/)")
    p.add_argument("--id", help="model id (default drln-bam-x<scale> / drln-x<scale>)")
    p.add_argument("--source-version", default=f"hub revision {HUB_REVISION}",
                   help="hub revision the checkpoint was downloaded from (goes into the card)")
    p.add_argument("--self-check", action="store_true", help="check the implementation and export; no weights")
    p.add_argument("--quick", action="store_true", help="self-check without the full-size exports")
    p.add_argument("--tsv-dir", help=f"folder with the reference state-dict listings (default {REFERENCE_DIR})")
    p.add_argument("--make-fixture", metavar="DIR", help="write the narrow test model and its reference data")
    p.add_argument("--benchmark", action="store_true", help="time a full-size random DRLN-BAM on the CPU")
    p.add_argument("--threads", type=int, help="torch threads for --benchmark")
    p.add_argument("--bench-size", default="256x192", help="input WxH for --benchmark (default 256x192)")
    p.add_argument("--repeat", type=int, default=1)
    p.add_argument("--onnx-size", action="store_true", help="with --benchmark: also export and report the size")
    a = p.parse_args(argv)

    if a.self_check:
        return do_self_check(a)
    if a.make_fixture:
        return do_make_fixture(a)
    if a.benchmark:
        return do_benchmark(a)
    if not a.checkpoint:
        p.error("--checkpoint is required (or use --self-check / --make-fixture / --benchmark)")
    return do_export(a)


if __name__ == "__main__":
    sys.exit(main())
