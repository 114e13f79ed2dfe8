#!/usr/bin/python3
"""Whole-process throughput of `evaluate` against an OpenCV-Python + scikit-image script doing the same work.

Usage (repository root, after `dotnet build -c Release`; Debian python3-opencv and python3-skimage):
    /usr/bin/python3 bench/whole_process_ratio.py [--sem-sample /work/shared/sem-sample] [--copies 8] [--repeats 3]
        [--all-metrics] [--dll PATH] [--worker-nice 0]

The originals are the first 32 micrographs of at least half a megapixel in the sample folder (sorted by path); the
data set for `evaluate` holds each of them `--copies` times (8: 256 micrographs), in their categories. Each round
times, one after the other so that both see the same machine load:
  * Python: load (IMREAD_GRAYSCALE), keep the top-left multiple of 4, INTER_AREA ÷4, INTER_CUBIC ×4, PSNR (data
    range 255), Gaussian SSIM (sigma 1.5, population covariance) and scikit-image's default SSIM, on the 32
    originals, one after another in this process (imports not timed);
  * ours: the whole process `dotnet SemSrDashboard.dll evaluate --methods bicubic --info-bar none --metrics
    psnr,ssim,ssim_skimage` into a new database (start-up, database creation and writing included; its workers at
    nice --worker-nice, default 0, the priority the Python loop runs at, instead of the product's 10); with
    --all-metrics also the same run with every registered metric (the default of --metrics).
Prints images/s for each and the ratio ours ÷ Python (medians over the rounds), and checks that both computed the
same mean PSNR and SSIMs (so that the work compared is the same).
"""
import argparse
import glob
import math
import os
import resource
import shutil
import sqlite3
import statistics
import subprocess
import tempfile
import time

import cv2
import numpy as np
from skimage.metrics import structural_similarity

DEFAULT_DLL = "SemSrDashboard/bin/Release/net10.0/SemSrDashboard.dll"
EXTENSIONS = (".png", ".tif", ".tiff", ".jpg", ".jpeg", ".bmp")
SCALE = 4


def originals(sem_sample, count=32, min_pixels=500_000):
    paths = sorted(p for p in glob.glob(os.path.join(sem_sample, "*", "*")) if p.lower().endswith(EXTENSIONS))
    chosen = []
    for path in paths:
        image = cv2.imread(path, cv2.IMREAD_GRAYSCALE)
        if image is not None and image.size >= min_pixels:
            chosen.append(path)
        if len(chosen) == count:
            return chosen
    raise SystemExit(f"only {len(chosen)} micrographs of at least {min_pixels} pixels in {sem_sample}")


def python_metrics(path):
    image = cv2.imread(path, cv2.IMREAD_GRAYSCALE)
    h, w = image.shape
    image = image[: h - h % SCALE, : w - w % SCALE]
    h, w = image.shape
    low = cv2.resize(image, (w // SCALE, h // SCALE), interpolation=cv2.INTER_AREA)
    out = cv2.resize(low, (w, h), interpolation=cv2.INTER_CUBIC)
    mse = np.mean((image.astype(np.float64) - out.astype(np.float64)) ** 2)
    psnr = math.inf if mse == 0 else 10 * math.log10(255 ** 2 / mse)
    ssim = structural_similarity(image, out, data_range=255, gaussian_weights=True, sigma=1.5, use_sample_covariance=False)
    ssim_skimage = structural_similarity(image, out, data_range=255)
    return psnr, ssim, ssim_skimage


def time_python(paths):
    start, cpu_start = time.perf_counter(), time.process_time()
    values = [python_metrics(p) for p in paths]
    return time.perf_counter() - start, time.process_time() - cpu_start, values


def children_cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_ours(dll, data, database, metrics, nice):
    # The run's workers start at nice 10 by default (the dashboard stays responsive); this script runs at the
    # priority it was started with, so `--worker-nice 0` compares the two on equal terms on a machine shared with others.
    environment = dict(os.environ, SEMSR_WORKER_NICE=str(nice))
    command = ["dotnet", dll, "evaluate", "--data", data, "--methods", "bicubic", "--info-bar", "none", "--db", database]
    if metrics:
        command += ["--metrics", metrics]
    start, cpu_start = time.perf_counter(), children_cpu_seconds()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=environment)
    elapsed, cpu = time.perf_counter() - start, children_cpu_seconds() - cpu_start
    with sqlite3.connect(database) as connection:
        rows = connection.execute("SELECT Psnr, Ssim, SsimSkimage FROM results WHERE Method = 'bicubic' AND Status = 'ok'").fetchall()
    return elapsed, cpu, rows


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sem-sample", default="/work/shared/sem-sample")
    parser.add_argument("--copies", type=int, default=8)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--all-metrics", action="store_true")
    parser.add_argument("--dll", default=DEFAULT_DLL)
    parser.add_argument("--worker-nice", type=int, default=0, help="SEMSR_WORKER_NICE for evaluate (default 0: as Python)")
    args = parser.parse_args()

    paths = originals(args.sem_sample)
    megapixels = sum(cv2.imread(p, cv2.IMREAD_GRAYSCALE).size for p in paths) / 1e6
    work = tempfile.mkdtemp(prefix="semsr-ratio-")
    try:
        data = os.path.join(work, "data")
        for path in paths:
            category = os.path.basename(os.path.dirname(path))
            stem, extension = os.path.splitext(os.path.basename(path))
            os.makedirs(os.path.join(data, category), exist_ok=True)
            for copy in range(args.copies):
                shutil.copyfile(path, os.path.join(data, category, f"{stem}__copy{copy}{extension}"))
        images = len(paths) * args.copies
        print(f"{len(paths)} originals, {megapixels:.1f} megapixels; evaluate runs on {images} ({megapixels * args.copies:.0f} megapixels)")

        python_rates, our_rates, all_metric_rates = [], [], []
        python_cpu_rates, our_cpu_rates = [], []
        for repeat in range(args.repeats):
            python_seconds, python_cpu, python_values = time_python(paths)
            our_seconds, our_cpu, our_rows = time_ours(args.dll, data, os.path.join(work, f"core-{repeat}.db"), "psnr,ssim,ssim_skimage",
                                              args.worker_nice)
            python_rates.append(len(paths) / python_seconds)
            our_rates.append(images / our_seconds)
            python_cpu_rates.append(len(paths) / python_cpu)
            our_cpu_rates.append(images / our_cpu)
            line = (f"round {repeat + 1}: Python {python_seconds:.2f} s for {len(paths)} ({python_rates[-1]:.2f} images/s); "
                    f"evaluate {our_seconds:.2f} s for {images} ({our_rates[-1]:.1f} images/s); "
                    f"CPU time Python {python_cpu:.2f} s, evaluate {our_cpu:.2f} s")
            if args.all_metrics:
                all_seconds, _, _ = time_ours(args.dll, data, os.path.join(work, f"all-{repeat}.db"), None, args.worker_nice)
                all_metric_rates.append(images / all_seconds)
                line += f"; every metric {all_seconds:.2f} s ({all_metric_rates[-1]:.1f} images/s)"
            print(line, flush=True)

        if len(our_rows) != images:
            raise SystemExit(f"evaluate stored {len(our_rows)} bicubic results for {images} images")
        for index, name in enumerate(("PSNR", "SSIM", "SSIM-skimage")):
            ours_mean = statistics.fmean(r[index] for r in our_rows)
            python_mean = statistics.fmean(v[index] for v in python_values)
            print(f"mean {name}: evaluate {ours_mean:.6f}, Python {python_mean:.6f}")
            if abs(ours_mean - python_mean) > 1e-3 * max(1.0, abs(python_mean)):
                raise SystemExit(f"the two computed different {name}s: not the same work")
        python_rate, our_rate = statistics.median(python_rates), statistics.median(our_rates)
        print(f"median: Python {python_rate:.2f} images/s, evaluate {our_rate:.1f} images/s, ratio {our_rate / python_rate:.1f}x")
        python_cpu_rate, our_cpu_rate = statistics.median(python_cpu_rates), statistics.median(our_cpu_rates)
        # On a machine shared with other work the wall-clock ratio shrinks towards the per-CPU-second ratio (both get
        # a share of the cores, whatever their threads); this one does not depend on the load.
        print(f"per CPU-second: Python {python_cpu_rate:.2f} images/s, evaluate {our_cpu_rate:.1f} images/s, "
              f"ratio {our_cpu_rate / python_cpu_rate:.1f}x")
        if all_metric_rates:
            print(f"median with every registered metric: {statistics.median(all_metric_rates):.1f} images/s")
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
