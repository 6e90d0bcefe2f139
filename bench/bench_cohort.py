"""Cohort scale: `careerkit cohort` on N answers files (PDF and CSV) against a floor that
only parses the same files with PyYAML's C loader, side by side in one run.

    python bench/bench_cohort.py [--count 10000] [--runs 3] [--folder DIR]

Prints the median wall time and peak memory (RSS) of each and the ratio; the target is
at most 2x the floor's wall time.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one child process."""
    started = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # the child: run the command with output discarded
        os.chdir(cwd)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        os.execv(command[0], command)
    _, status, usage = os.wait4(pid, 0)
    elapsed = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"failed ({status}): {' '.join(command)}")
    return elapsed, usage.ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--folder", type=Path, default=None,
                        help="Reuse (or create) the answers files here.")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="careerkit-bench-"))
    folder = args.folder or work / "answers"
    if not folder.is_dir() or len(list(folder.glob("*.yaml"))) != args.count:
        subprocess.run([sys.executable, str(ROOT / "bench" / "make_cohort.py"), str(folder),
                        "--count", str(args.count)], check=True)
    script = Path(sys.executable).parent / "careerkit"
    ours = [str(script), "cohort", str(folder), "-o", str(work / "cohort.pdf"),
            "--csv", str(work / "cohort.csv")]
    floor = [sys.executable, str(ROOT / "bench" / "cohort_floor.py"), str(folder)]
    results: dict[str, list[tuple[float, float]]] = {"careerkit": [], "floor": []}
    for _ in range(args.runs):
        results["careerkit"].append(run(ours, work))
        results["floor"].append(run(floor, work))
    medians = {}
    for name, samples in results.items():
        wall = statistics.median(s[0] for s in samples)
        rss = statistics.median(s[1] for s in samples)
        medians[name] = (wall, rss)
        print(f"{name:<10} {args.count} files: wall {wall:6.2f} s   peak RSS {rss:6.1f} MiB")
    ratio = medians["careerkit"][0] / medians["floor"][0]
    print(f"wall ratio {ratio:.2f}x (target <= 2.00x): {'ok' if ratio <= 2 else 'OVER TARGET'}")
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"self RSS of this script: {own:.1f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
