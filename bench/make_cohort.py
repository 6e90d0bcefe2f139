"""Write N random, valid answers files for a rubric (for cohort benchmarks and demos).

    python bench/make_cohort.py OUT_FOLDER [--count 10000] [--rubric ml-phd-career]
"""

from __future__ import annotations

import argparse
import math
import random
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from careerkit.answers import Answers, answer_limit, answers_to_yaml, asked_questions, pin
from careerkit.rubric import (
    LikertQuestion,
    MultipleChoiceQuestion,
    NumberQuestion,
    Question,
    Rubric,
    SingleChoiceQuestion,
    YesNoQuestion,
    load_rubric,
)


def random_answer(rng: random.Random, rubric: Rubric, question: Question,
                  values: dict[str, Any]) -> Any:
    if question.allow_skip and rng.random() < 0.05:
        return None
    if isinstance(question, (LikertQuestion, SingleChoiceQuestion)):
        return rng.choice(rubric.options(question)).value
    if isinstance(question, MultipleChoiceQuestion):
        plain = [o.value for o in question.options if not o.exclusive]
        exclusive = [o.value for o in question.options if o.exclusive]
        if exclusive and rng.random() < 0.15:
            return [exclusive[0]]
        return rng.sample(plain, rng.randint(0, len(plain)))
    if isinstance(question, YesNoQuestion):
        return rng.random() < 0.5
    if isinstance(question, NumberQuestion):
        limit = answer_limit(rubric, question, values)  # returning users <= outside users
        top = min(question.highest, question.thresholds[-1].at * 2 + 1,
                  math.inf if limit is None else limit)
        value = rng.uniform(question.min, top)
        return int(value) if question.integer else round(value, 2)
    return rng.choice(["I want to go deep on evaluation.", "Ship a demo.\nThen ask for money.",
                       "Not sure yet."])


def make_answers(rng: random.Random, rubric: Rubric, index: int) -> Answers:
    values: dict[str, Any] = {}
    for _, question in rubric.questions():
        if question in asked_questions(rubric, values):
            values[question.id] = random_answer(rng, rubric, question, values)
    start = datetime(2026, 1, 1, tzinfo=timezone.utc) + timedelta(minutes=rng.randint(0, 10**5))
    return Answers(rubric=pin(rubric), respondent=f"Student {index:05d}", started_at=start,
                   finished_at=start + timedelta(minutes=20), answers=values)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--rubric", default=None)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rubric = load_rubric(args.rubric)
    rng = random.Random(args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    for index in range(args.count):
        answers = make_answers(rng, rubric, index)
        (args.out / f"student-{index:05d}.yaml").write_text(answers_to_yaml(answers, rubric),
                                                            encoding="utf-8")
    print(f"wrote {args.count} answers files to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
