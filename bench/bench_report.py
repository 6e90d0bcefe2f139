"""Benchmark: `careerkit report` against the bare-reportlab floor, side by side.

    python bench/bench_report.py [--runs N]

Runs, interleaved and each in a fresh process:

- floor:  ../shared/bench/reportlab_floor.py (from the repository root): the least a
          reportlab program spends on a six-page document of a plan's size;
- stack floor: ../shared/bench/stack_floor.py, the same document made by a typer command
          after one pydantic validation: what the required packages cost any program;
          report's wall-time target against it is 1.3x;
- floor in typer: the same document made by a typer command with report's parameters
          that validates one tiny pydantic model first (bench/floor_in_typer.py): the
          floor plus what careerkit's required packages cost any program before it
          does its own work;
- report: `careerkit report` on the `--example` answers of the default rubric;
- score:  `careerkit score` on the same answers, for context: what loading, checking
          and scoring cost before any PDF work.

Prints the median wall time and the median peak RSS of each, the ratios of report
to floor against the targets (wall time at most 2x, peak memory at most 1.5x), and the
same ratios for the floor in typer: how much of the target those packages alone take.
Not a test: timings depend on the machine. Exit status 0, or 2 when the floor is missing;
with --strict, 1 when a target is missed.

Every child runs with a bytecode cache (PYTHONPYCACHEPREFIX in the benchmark's temporary
folder, even where PYTHONDONTWRITEBYTECODE is set), filled by the warm-up runs: an
installed package has its .pyc files (pip compiles them at install), and without them
each run of careerkit would compile its own sources anew, which users never pay.
--no-bytecode-cache measures that case instead.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLOOR = ROOT.parent / "shared" / "bench" / "reportlab_floor.py"
STACK_FLOOR = FLOOR.with_name("stack_floor.py")
WALL_TARGET = 2.0
STACK_WALL_TARGET = 1.3
RSS_TARGET = 1.5

# Runs a command in a child process and reports the child's wall time and peak RSS
# (ru_maxrss of RUSAGE_CHILDREN: the launcher has no other child, so it is that one's).
LAUNCHER = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
wall = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
if sys.platform == "darwin":
    peak //= 1024  # bytes there, kilobytes elsewhere
print(json.dumps({"wall": wall, "rss_kb": peak, "code": done.returncode,
                  "stderr": done.stderr.decode(errors="replace")[-2000:]}))
"""


def measure(command: list[str], env: dict[str, str] | None = None) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", LAUNCHER, *command], capture_output=True,
                         text=True, check=True, env=env)
    result = json.loads(out.stdout)
    if result["code"] != 0:
        raise SystemExit(f"failed ({result['code']}): {' '.join(command)}\n{result['stderr']}")
    return {"wall": float(result["wall"]), "rss_kb": float(result["rss_kb"])}


def example_answers(folder: Path) -> Path:
    """The default rubric's --example answers file, made by the real command."""
    text = subprocess.run(
        [sys.executable, "-m", "careerkit", "rubric", "template", "ml-phd-career",
         "--example"], capture_output=True, text=True, check=True, cwd=ROOT,
    ).stdout
    path = folder / "example-answers.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="measured runs of each (7)")
    parser.add_argument("--strict", action="store_true", help="exit 1 if a target is missed")
    parser.add_argument("--no-bytecode-cache", action="store_true",
                        help="run the children as the environment says (e.g. compiling "
                             "sources anew when PYTHONDONTWRITEBYTECODE is set)")
    args = parser.parse_args()

    if not FLOOR.is_file():
        print(f"The floor benchmark is absent: expected {FLOOR} (../shared/bench/"
              "reportlab_floor.py next to the repository). Nothing to compare against.",
              file=sys.stderr)
        return 2

    with tempfile.TemporaryDirectory(prefix="careerkit-bench-") as tmp:
        folder = Path(tmp)
        answers = example_answers(folder)
        commands = {
            "floor": [sys.executable, str(FLOOR), str(folder / "floor.pdf")],
            "stack floor": [sys.executable, str(STACK_FLOOR), str(folder / "stack.pdf")],
            "floor in typer": [sys.executable, str(ROOT / "bench" / "floor_in_typer.py"),
                               "report", str(folder / "floor-in-typer.pdf"),
                               "-o", str(folder / "unused")],
            "report": [sys.executable, "-m", "careerkit", "report", str(answers),
                       "-o", str(folder / "report.pdf")],
            "score": [sys.executable, "-m", "careerkit", "score", str(answers)],
        }
        env = dict(os.environ)
        if not args.no_bytecode_cache:
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = str(folder / "pycache")
        for command in commands.values():  # warm the file and bytecode caches; not counted
            measure(command, env)
        samples: dict[str, list[dict[str, float]]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, command in commands.items():
                samples[name].append(measure(command, env))
        pages = {name: len(re.findall(rb"/Type\s*/Page\b", (folder / f"{name}.pdf")
                                      .read_bytes())) for name in ("floor", "report")}

    medians = {
        name: (statistics.median(s["wall"] for s in runs),
               statistics.median(s["rss_kb"] for s in runs) / 1024)
        for name, runs in samples.items()
    }
    cache = "no bytecode cache" if args.no_bytecode_cache else "bytecode cached"
    print(f"{args.runs} runs each, interleaved, median; python {sys.version.split()[0]}; "
          f"{cache}")
    print(f"{'':14} {'wall (s)':>9} {'peak RSS (MB)':>14}")
    for name, (wall, rss) in medians.items():
        print(f"{name:14} {wall:9.3f} {rss:14.1f}")
    wall_ratio = medians["report"][0] / medians["floor"][0]
    rss_ratio = medians["report"][1] / medians["floor"][1]
    wall_ok, rss_ok = wall_ratio <= WALL_TARGET, rss_ratio <= RSS_TARGET
    print(f"report / floor: wall {wall_ratio:.2f}x (target <= {WALL_TARGET:g}x: "
          f"{'met' if wall_ok else 'MISSED'}), peak RSS {rss_ratio:.2f}x "
          f"(target <= {RSS_TARGET:g}x: {'met' if rss_ok else 'MISSED'})")
    score_wall, score_rss = medians["score"]
    print(f"of which `careerkit score` alone (load, check, score; no PDF): "
          f"{score_wall / medians['floor'][0]:.2f}x wall, "
          f"{score_rss / medians['floor'][1]:.2f}x RSS of the floor")
    typer_wall, typer_rss = medians["floor in typer"]
    print(f"the floor in typer (typer and pydantic, no careerkit code): "
          f"{typer_wall / medians['floor'][0]:.2f}x wall, "
          f"{typer_rss / medians['floor'][1]:.2f}x RSS of the floor; report is "
          f"{medians['report'][0] / typer_wall:.2f}x wall, "
          f"{medians['report'][1] / typer_rss:.2f}x RSS of the floor in typer")
    stack_ratio = medians["report"][0] / medians["stack floor"][0]
    stack_ok = stack_ratio <= STACK_WALL_TARGET
    print(f"report / stack floor (the shared stack_floor.py: typer, one pydantic "
          f"validation, the floor's document): wall {stack_ratio:.2f}x (target <= "
          f"{STACK_WALL_TARGET:g}x: {'met' if stack_ok else 'MISSED'})")
    print(f"pages: report {pages['report']}, floor {pages['floor']}")
    print(speed_ups())
    return 1 if args.strict and not (wall_ok and rss_ok and stack_ok) else 0


SPEED_UPS = """
import sys
from careerkit.answers import parse_answers, template_yaml
from careerkit.report import render_pdf
from careerkit.rubric import load_rubric
rubric = load_rubric()
render_pdf(parse_answers(template_yaml(rubric, example=True), rubric), rubric)
from reportlab.lib import rl_accel
from reportlab.pdfbase import pdfmetrics
accel = all(type(getattr(rl_accel, name)).__name__ == "builtin_function_or_method"
            for name in ("fp_str", "instanceStringWidthTTF", "escapePDF"))
print("speed-ups (bench/README.md): Pillow loaded by a plan:",
      "PIL._imaging" in sys.modules, "(want False); unused faces read:",
      "face" in vars(pdfmetrics.getFont("CK-Sans-BoldItalic")),
      "(want False); reportlab's C accelerators:", accel, "(want True)")
"""


def speed_ups() -> str:
    """Which of the report's speed tricks were in effect, from a fresh process."""
    done = subprocess.run([sys.executable, "-c", SPEED_UPS], capture_output=True, text=True,
                          check=True)
    return done.stdout.strip()


if __name__ == "__main__":
    raise SystemExit(main())
