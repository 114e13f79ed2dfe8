#!/usr/bin/python3
"""Times the command line's start-up: `runs list` on a one-run database and a one-image `evaluate` into a new database.

Usage (repository root, after `dotnet build -c Release`):
    /usr/bin/python3 bench/startup_times.py ONE_IMAGE_DATA_DIR [--repeats 5] [--dll PATH]...
ONE_IMAGE_DATA_DIR holds one category folder with one image. With several --dll options (e.g. a build before and after a
change) the commands run interleaved, so that every build sees the same machine load; prints the median and the range
of the wall-clock times in seconds.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import tempfile
import time

DEFAULT_DLL = "SemSrDashboard/bin/Release/net10.0/SemSrDashboard.dll"


def timed(command):
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("data")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--dll", action="append")
    args = parser.parse_args()
    dlls = args.dll or [DEFAULT_DLL]
    work = tempfile.mkdtemp(prefix="semsr-startup-")
    try:
        one_run = os.path.join(work, "one-run.db")
        subprocess.run(["dotnet", dlls[0], "evaluate", "--data", args.data, "--methods", "bicubic", "--info-bar", "none",
                        "--db", one_run], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times = {(dll, verb): [] for dll in dlls for verb in ("runs list", "evaluate")}
        for repeat in range(args.repeats + 1):  # the first round warms the file cache and is not counted
            for index, dll in enumerate(dlls):
                listed = timed(["dotnet", dll, "runs", "list", "--db", one_run])
                new_db = os.path.join(work, f"new-{repeat}-{index}.db")
                evaluated = timed(["dotnet", dll, "evaluate", "--data", args.data, "--methods", "bicubic,lanczos",
                                   "--info-bar", "none", "--db", new_db])
                if repeat > 0:
                    times[(dll, "runs list")].append(listed)
                    times[(dll, "evaluate")].append(evaluated)
        for (dll, verb), values in times.items():
            print(f"{dll}  {verb:10s} median {statistics.median(values):.3f} s  "
                  f"(min {min(values):.3f}, max {max(values):.3f}, n={len(values)})")
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
