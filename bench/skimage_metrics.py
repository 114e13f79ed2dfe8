#!/usr/bin/python3
"""Times scikit-image's PSNR and SSIMs on the 1024×768 pair of bench/SemSrDashboard.Benchmarks (BenchmarkPair.cs).

Usage (repository root; Debian python3-skimage 0.19 and python3-opencv): /usr/bin/python3 bench/skimage_metrics.py
Prints the median of 15 runs of each call, in milliseconds.
"""
import statistics
import time

import cv2
from skimage.metrics import peak_signal_noise_ratio, structural_similarity

SOURCE = "demo-data/Biological/lung__CS_Bottom_of_Insert_DC_02052021_5KV_1000_ETD-HV_5_14.png"

source = cv2.imread(SOURCE, cv2.IMREAD_GRAYSCALE)
reference = cv2.resize(source, (1024, 768), interpolation=cv2.INTER_CUBIC)
test = cv2.resize(cv2.resize(reference, (256, 192), interpolation=cv2.INTER_AREA), (1024, 768), interpolation=cv2.INTER_CUBIC)

calls = {
    "psnr": lambda: peak_signal_noise_ratio(reference, test, data_range=255),
    "ssim (gaussian)": lambda: structural_similarity(reference, test, data_range=255, gaussian_weights=True, sigma=1.5,
                                                     use_sample_covariance=False),
    "ssim (skimage default)": lambda: structural_similarity(reference, test, data_range=255),
}
total = 0.0
for name, call in calls.items():
    call()
    times = []
    for _ in range(15):
        start = time.perf_counter()
        value = call()
        times.append((time.perf_counter() - start) * 1000)
    median = statistics.median(times)
    total += median
    print(f"{name:24s} {median:9.2f} ms   (value {value:.6f})")
print(f"{'all three':24s} {total:9.2f} ms")
