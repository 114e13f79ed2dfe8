#!/usr/bin/python3
"""Times the command line's start-up: `runs list` on a one-run database and a one-image `evaluate` into a new database.

Usage (repository root, after `dotnet build -c Release`):
    /usr/bin/python3 bench/startup_times.py ONE_IMAGE_DATA_DIR [--repeats 5] [--dll PATH]...
ONE_IMAGE_DATA_DIR holds one category folder with one image. With several --dll options (e.g. a build before and after a
change) the commands run interleaved, so that every build sees the same machine load; prints the median and the range
of the wall-clock times in seconds, and the median CPU time (user + system) of each command, which a loaded machine
disturbs less.
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
    """Wall-clock seconds and CPU seconds (user + system, from the child's rusage) of one command."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise subprocess.CalledProcessError(process.returncode, command)
    return wall, usage.ru_utime + usage.ru_stime


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
        for (dll, verb), pairs in times.items():
            values = [wall for wall, _ in pairs]
            cpu = [used for _, used in pairs]
            print(f"{dll}  {verb:10s} median {statistics.median(values):.3f} s  "
                  f"(min {min(values):.3f}, max {max(values):.3f}, n={len(values)}); CPU median {statistics.median(cpu):.3f} s")
        print(f"load average at the end: {os.getloadavg()[0]:.2f}")
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
