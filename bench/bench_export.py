"""Is the HTML plan as quick to make as the Markdown plan? A benchmark.

    python bench/bench_export.py [--rounds 7] [--repeat 20]

Makes both exports of the bundled default rubric's example answers in this process,
interleaved (so machine load hits both alike), and prints the median time of each and
their ratio. Target: HTML at most 1.5x Markdown. Not a test: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from careerkit.answers import parse_answers, template_yaml
from careerkit.export import export_markdown
from careerkit.html_export import export_html
from careerkit.plan import build_plan
from careerkit.rubric import load_rubric
from careerkit.scoring import score

TARGET = 1.5


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=7, help="interleaved rounds (7)")
    parser.add_argument("--repeat", type=int, default=20, help="exports per round (20)")
    args = parser.parse_args()

    rubric = load_rubric()
    answers = parse_answers(template_yaml(rubric, example=True), rubric)
    card = score(answers, rubric)
    plan = build_plan(card, rubric, answers)

    def timed(export: Callable[..., str]) -> float:
        started = time.perf_counter()
        for _ in range(args.repeat):
            export(answers, rubric, card, plan)
        return (time.perf_counter() - started) / args.repeat

    html, markdown = [], []
    for _ in range(args.rounds):
        html.append(timed(export_html))
        markdown.append(timed(export_markdown))
    html_ms, md_ms = statistics.median(html) * 1000, statistics.median(markdown) * 1000
    ratio = html_ms / md_ms
    print(f"HTML {html_ms:.2f} ms, Markdown {md_ms:.2f} ms per plan: {ratio:.2f}x "
          f"(target <= {TARGET:g}x: {'met' if ratio <= TARGET else 'MISSED'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
