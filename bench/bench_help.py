"""Start-up cost: `careerkit --help` against a bare typer app with a sub-command group.

Runs both side by side (interleaved, so machine load hits both alike) and prints the
median wall time of each and the ratio; the target is at most 1.2x the floor.

    python bench/bench_help.py [--runs 30] [--floor PATH]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_FLOOR = ROOT.parent / "shared" / "bench" / "typer_floor.py"


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--floor", type=Path, default=DEFAULT_FLOOR)
    args = parser.parse_args()
    if not args.floor.is_file():
        print(f"floor script not found: {args.floor} (pass --floor PATH)", file=sys.stderr)
        return 2
    script = Path(sys.executable).parent / "careerkit"
    ours = [str(script), "--help"] if script.exists() else [sys.executable, "-m", "careerkit",
                                                            "--help"]
    floor = [sys.executable, str(args.floor), "--help"]
    for command in (ours, floor):  # warm the file cache and .pyc files
        timed(command)
    ours_times, floor_times = [], []
    for _ in range(args.runs):
        ours_times.append(timed(ours))
        floor_times.append(timed(floor))
    ours_median = statistics.median(ours_times)
    floor_median = statistics.median(floor_times)
    print(f"careerkit --help   median {ours_median * 1000:7.1f} ms over {args.runs} runs")
    print(f"typer floor --help median {floor_median * 1000:7.1f} ms over {args.runs} runs")
    ratio = ours_median / floor_median
    print(f"ratio {ratio:.2f}x (target <= 1.20x): {'ok' if ratio <= 1.2 else 'OVER TARGET'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
