"""Does the PDF stay linear in the rubric's size? A benchmark.

    python bench/bench_scale.py [--sizes 1000 2500 5000] [--strict]

Renders the plan of a generated rubric of each size (dimensions of 100 Likert questions
and a reflection, answered with the template's example answers) in this process, and
prints the CPU time of each, per 1,000 questions, and the largest size's time against the
smallest's scaled up linearly. Target: at most 1.3x linear (a 5,000-question rubric once
took 7.3 s; the work per question must not grow with the rubric). CPU time, not wall
time, so that other work on the machine matters less. Not a test: timings depend on the
machine. Exit status 0; with --strict, 1 when the target is missed.
"""

from __future__ import annotations

import argparse
import gc
import json
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from careerkit.answers import parse_answers, template_yaml
from careerkit.report import render_report
from careerkit.rubric import load_rubric

TARGET = 1.3
PER_DIMENSION = 100


def rubric_doc(questions: int) -> dict[str, Any]:
    """A valid rubric of `questions` Likert questions, 100 to a dimension."""
    dimensions = []
    for d in range(max(1, questions // PER_DIMENSION)):
        items: list[dict[str, Any]] = [
            {"id": f"q{d}_{i}", "type": "likert", "scale": "agreement",
             "text": f"Question {i} of dimension {d}?"} for i in range(PER_DIMENSION)]
        items.append({"id": f"t{d}", "type": "text", "text": "In your own words?"})
        dimensions.append({
            "id": f"d{d}", "title": f"Dimension number {d}", "why": "Because.",
            "questions": items,
            "actions": [{"id": f"a{d}", "title": "Do one thing", "do": "Do it.",
                         "outcome": "It is done.", "horizon_days": 30,
                         "bands": ["starting", "building", "strong"]}]})
    return {"id": "scale", "title": "Scale probe", "version": "1.0.0",
            "dimensions": dimensions}


def seconds_to_render(questions: int, folder: Path) -> tuple[float, int]:
    path = folder / f"scale-{questions}.yaml"
    path.write_text(json.dumps(rubric_doc(questions)), encoding="utf-8")
    rubric = load_rubric(path)
    answers = parse_answers(template_yaml(rubric, example=True), rubric)
    gc.collect()
    started = time.process_time()
    pdf = render_report(answers, rubric).pdf
    return time.process_time() - started, len(re.findall(rb"/Type /Page\b(?!s)", pdf))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 2500, 5000],
                        help="questions per rubric (1000 2500 5000)")
    parser.add_argument("--strict", action="store_true", help="exit 1 if the target is missed")
    args = parser.parse_args()
    sizes = sorted(args.sizes)

    seconds_to_render(PER_DIMENSION, Path(tempfile.mkdtemp()))  # warm up fonts and imports
    times: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            spent, pages = seconds_to_render(size, Path(tmp))
            times[size] = spent
            print(f"{size:>6} questions: {spent:6.2f} s CPU, "
                  f"{spent / size * 1000:5.2f} s per 1,000 questions, {pages} pages")
    small, large = sizes[0], sizes[-1]
    ratio = times[large] / (times[small] * large / small)
    verdict = "ok" if ratio <= TARGET else "MISSED"
    print(f"{large} against {small} scaled linearly: {ratio:.2f}x (target <= {TARGET}x) "
          f"{verdict}")
    return 1 if args.strict and ratio > TARGET else 0


if __name__ == "__main__":
    sys.exit(main())
