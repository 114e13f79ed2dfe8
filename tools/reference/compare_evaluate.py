#!/usr/bin/python3
"""Recomputes an `evaluate --csv` file with OpenCV-Python and scikit-image and reports the largest differences.

Usage: /usr/bin/python3 tools/reference/compare_evaluate.py DATA_DIR RESULTS.csv [--info-bar-from-csv]

Only interpolation methods (bicubic, bilinear, lanczos, nearest) are recomputed. The reference follows the pipeline:
IMREAD_GRAYSCALE, drop `info_bar_rows` bottom rows (as stored in the CSV), keep the top-left multiple of the scale,
INTER_AREA down, the method's interpolation up, then PSNR (data range 255), SSIM (Gaussian, sigma 1.5, population
covariance) and scikit-image's default SSIM. Needs Debian's python3-opencv and python3-skimage.
"""
import csv
import math
import sys

import cv2
import numpy as np
from skimage.metrics import structural_similarity

FLAGS = {"bicubic": cv2.INTER_CUBIC, "bilinear": cv2.INTER_LINEAR, "lanczos": cv2.INTER_LANCZOS4, "nearest": cv2.INTER_NEAREST}


def reference(path, bar, scale, method):
    img = cv2.imread(path, cv2.IMREAD_GRAYSCALE)
    if bar:
        img = img[: img.shape[0] - bar]
    h, w = img.shape
    img = img[: h - h % scale, : w - w % scale]
    h, w = img.shape
    lr = cv2.resize(img, (w // scale, h // scale), interpolation=cv2.INTER_AREA)
    out = cv2.resize(lr, (w, h), interpolation=FLAGS[method])
    a, b = img.astype(np.float64), out.astype(np.float64)
    mse = np.mean((a - b) ** 2)
    psnr = math.inf if mse == 0 else 10 * math.log10(255 ** 2 / mse)
    ssim = structural_similarity(img, out, data_range=255, gaussian_weights=True, sigma=1.5, use_sample_covariance=False)
    ssim_sk = structural_similarity(img, out, data_range=255)
    return psnr, ssim, ssim_sk, int(np.count_nonzero(out != cv2.resize(lr, (w, h), interpolation=FLAGS[method])))


def main():
    data, results = sys.argv[1], sys.argv[2]
    scale = 4
    worst = {"psnr": 0.0, "ssim": 0.0, "ssim_skimage": 0.0}
    count = 0
    for row in csv.DictReader(open(results, newline="")):
        if row["status"] != "ok" or row["method"] not in FLAGS:
            continue
        bar = int(row["info_bar_rows"] or 0)
        psnr, ssim, ssim_sk, _ = reference(f"{data}/{row['file']}", bar, scale, row["method"])
        for key, value in (("psnr", psnr), ("ssim", ssim), ("ssim_skimage", ssim_sk)):
            mine = float(row[key])
            diff = 0.0 if (math.isinf(mine) and math.isinf(value)) else abs(mine - value)
            if diff > worst[key]:
                worst[key] = diff
                print(f"  new max {key}: {diff:.3g} on {row['file']} ({row['method']})")
        count += 1
    print(f"compared {count} results; max |diff|: psnr {worst['psnr']:.3g} dB, ssim {worst['ssim']:.3g}, ssim_skimage {worst['ssim_skimage']:.3g}")


if __name__ == "__main__":
    main()
