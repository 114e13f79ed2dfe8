#!/usr/bin/python3
"""Builds demo-data/ (the bundled demo images) from the real SEM sample set.

Usage: /usr/bin/python3 tools/demo-data/make_demo_data.py SEM_SAMPLE_DIR demo-data

Each demo image is a crop of a real micrograph, decoded as OpenCV's 8-bit grey and saved as PNG. Crops of images
with an instrument strip keep the strip (with enough image above it) so the dashboard shows info-bar removal.
Sizes are small so a demo run with the default model finishes in about a minute on two cores.
"""
import csv
import os
import sys

import cv2

# (category, file, x, y, width, height or None = to the bottom, keeping the strip)
CROPS = [
    ("Biological", "lung__CS_Bottom_of_Insert_DC_02052021_5KV_1000_ETD-HV_5_14.png", 600, 300, 256, 256),
    ("Biological", "lung__Ag-PvP_Bottom_of_Insert_DC_02052021_5KV_1000_ETD-HV_5_18.png", 700, 400, 256, 256),
    ("Geological_Shale", "gscshale__Tile_r1-c1_Chenzh-P7-run1_0024.tif", 0, 0, 256, 256),
    ("Geological_Shale", "gscshale__Tile_r1-c1_Chenzh-P7-run1_0005.tif", 0, 0, 256, 256),
    ("Nanowires", "deepsem__130nm_21_cropped.png", 300, 200, 256, 256),
    ("Nanowires", "deepsem__140nm_10_cropped.png", 400, 250, 256, 256),
    ("Patterned_surface", "febid__A3_50k1T_001.tif", 0, None, 448, None),
    ("Patterned_surface", "febid__B1_52c2T.tif", 0, None, 448, None),
    ("Surface_Topography_BSE", "s2s__P33_scale1_detectorB.tif", 0, None, 448, None),
]
IMAGE_ROWS_ABOVE_STRIP = 288


def main():
    src, dst = sys.argv[1], sys.argv[2]
    sources = {(r["category"], r["file_name"]): r for r in csv.DictReader(open(f"{src}/SOURCES.tsv"), delimiter="\t")}
    notice = ["# Demo images", "", "Crops of real SEM micrographs, decoded to 8-bit grey and saved as PNG by",
              "`tools/demo-data/make_demo_data.py`. Each keeps the licence of its source:", "",
              "| file | source repository | commit | path | licence | crop (x, y, w, h) |", "|---|---|---|---|---|---|"]
    for category, name, x, y, w, h in CROPS:
        img = cv2.imread(f"{src}/{category}/{name}", cv2.IMREAD_GRAYSCALE)
        meta = sources[(category, name)]
        bar = int(meta["info_bar_px"])
        if y is None:
            h = IMAGE_ROWS_ABOVE_STRIP + bar
            y = img.shape[0] - h
        crop = img[y:y + h, x:x + w]
        out_name = os.path.splitext(name)[0] + ".png"
        os.makedirs(f"{dst}/{category}", exist_ok=True)
        cv2.imwrite(f"{dst}/{category}/{out_name}", crop)
        notice.append(f"| {category}/{out_name} | {meta['source_repo']} | {meta['commit'][:12]} | {meta['path_in_repo']} | "
                      f"{meta['license']} | {x}, {y}, {w}, {h} |")
    open(f"{dst}/NOTICE.md", "w").write("\n".join(notice) + "\n")


if __name__ == "__main__":
    main()
