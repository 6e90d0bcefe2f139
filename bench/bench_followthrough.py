"""Do `plan`, `history` and `compare` stay quick as the history grows? A benchmark.

    python bench/bench_followthrough.py [--attempts 50] [--actions 500] [--rounds 5]

Builds a history folder of ATTEMPTS finished attempts at the bundled default rubric
(answers varied so that plans differ), each with a status file, ACTIONS tracked actions
in all, then times the installed commands, each as a fresh process (what a user waits
for), against `careerkit score` on one answers file. Target: each within 1.5x of score.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from careerkit.answers import Answers, answers_to_yaml, asked_questions, pin
from careerkit.followthrough import StatusFile, attempt_plan, save_status, with_status
from careerkit.history import load_attempt, snapshot_rubric
from careerkit.rubric import Rubric, load_rubric

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from test_take_e2e import choose  # a plausible answer to each question

CAREERKIT = Path(sys.executable).parent / "careerkit"
STATUSES = ("done", "partly", "blocked", "dropped")


def varied_answers(rubric: Rubric, rng: random.Random) -> dict[str, Any]:
    values: dict[str, Any] = {}
    while True:
        todo = [q for q in asked_questions(rubric, values) if q.id not in values]
        if not todo:
            return values
        question = todo[0]
        options = rubric.options(question) if hasattr(question, "options") or \
            getattr(question, "type", "") == "likert" else []
        if question.type in ("likert", "single") and options:
            values[question.id] = rng.choice(options).value
        else:
            values[question.id] = choose(rubric, question)


def build_home(home: Path, attempts: int, actions: int, seed: int = 7) -> Path:
    """A history of `attempts`, `actions` tracked in all (spread evenly); the last one."""
    rubric = load_rubric()
    snapshot_rubric(rubric, home)
    rng = random.Random(seed)
    folder = home / "history"
    start = datetime(2024, 1, 1, 9, tzinfo=timezone.utc)
    tracked = 0
    last = folder
    for i in range(attempts):
        when = start + timedelta(days=30 * i)
        values = varied_answers(rubric, rng)
        if rubric.plan.hours_question:  # time for every action: the most to track
            values[rubric.plan.hours_question] = 40
        answers = Answers(rubric=pin(rubric), respondent="Bench Student", started_at=when,
                          finished_at=when + timedelta(minutes=20), answers=values)
        path = folder / f"{when:%Y-%m-%d}-{rubric.id}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(answers_to_yaml(answers, rubric), encoding="utf-8")
        plan = attempt_plan(load_attempt(path, rubric=rubric, home=home))
        want = round(actions * (i + 1) / attempts) - tracked
        status = StatusFile(attempt=path.name)
        for item in plan.tracked[:want]:
            status = with_status(status, item.action.action_id, rng.choice(STATUSES),
                                 reason="bench")
            tracked += 1
        save_status(path, status)
        last = path
    print(f"{attempts} attempts, {tracked} tracked actions in {folder}")
    return last


def timed(argv: list[str], env: dict[str, str], rounds: int) -> list[float]:
    samples = []
    for _ in range(rounds):
        begin = time.perf_counter()
        subprocess.run([str(CAREERKIT), *argv], env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        samples.append(time.perf_counter() - begin)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attempts", type=int, default=50)
    parser.add_argument("--actions", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--home", type=Path, help="Keep the history folder here.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        home = args.home or Path(tmp) / "home"
        last = build_home(home, args.attempts, args.actions)
        env = dict(os.environ, CAREERKIT_HOME=str(home))
        commands = {"score (one file)": ["score", str(last)], "plan": ["plan"],
                    "history": ["history"], "compare": ["compare"]}
        samples: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.rounds):  # interleaved, so that a busy moment hits all alike
            for name, argv in commands.items():
                samples[name] += timed(argv, env, 1)
        # The fastest run is the one least disturbed by other work on the machine.
        base = min(samples["score (one file)"])
        for name, times in samples.items():
            best = min(times)
            verdict = "" if name.startswith("score") else (
                "ok" if best <= 1.5 * base else "SLOWER than 1.5x")
            print(f"{name:<18} fastest {best * 1000:6.0f} ms  median "
                  f"{statistics.median(times) * 1000:6.0f} ms  {best / base:4.2f}x  {verdict}")


if __name__ == "__main__":
    main()
