"""The documents careerkit makes, from realistic answers, for tests that look at pages.

Each function returns PDF bytes made as a user's command makes them: a student's plan, a
retake (with the attempt before), a rubric preview, and an advisor's cohort report of any
number of students. Answers come from `realistic_answers` (tests/pipeline_inputs.py), so
scores, skips and reflections vary with the seed as they do between students.
"""

from __future__ import annotations

import random
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

from careerkit.answers import Answers, answers_to_yaml, parse_answers, template_yaml
from careerkit.cohort import build_summary, find_answer_files, read_cohort
from careerkit.history import load_attempt
from careerkit.report import render_cohort_pdf, render_report
from careerkit.rubric import Rubric
from tests.pipeline_inputs import realistic_answers

NAMES = ["Zoë Ångström", "Ana Souza", "Ελένη Παπαδοπούλου", "Ivan Petrov", "王小明",
         "Fatima Al-Sayed", "Noa Levi", "Priya Raman", "Łucja Nowak", "Kim Min-jun"]
FIRST = datetime(2026, 3, 1, 9, 0, tzinfo=timezone.utc)


def student(rubric: Rubric, seed: int, when: datetime = FIRST) -> Answers:
    """One student's finished answers, drawn from `seed`."""
    rng = random.Random(seed)
    example = parse_answers(template_yaml(rubric, example=True), rubric)
    return example.model_copy(update={
        "respondent": NAMES[seed % len(NAMES)],
        "answers": realistic_answers(rng, rubric),
        "started_at": when,
        "finished_at": when + timedelta(minutes=35),
    })


def plan_pdf(rubric: Rubric, seed: int) -> bytes:
    return render_report(student(rubric, seed), rubric).pdf


def retake_pdf(rubric: Rubric, seed: int) -> bytes:
    """The second attempt, six months after the first, compared with it."""
    earlier = student(rubric, seed + 1000)
    now = student(rubric, seed, FIRST + timedelta(days=182))
    now = now.model_copy(update={"respondent": earlier.respondent})
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "earlier.yaml"
        path.write_text(answers_to_yaml(earlier, rubric), encoding="utf-8")
        previous = load_attempt(path, rubric)
    return render_report(now, rubric, previous=previous).pdf


def preview_pdf(rubric: Rubric) -> bytes:
    """What `careerkit rubric preview` writes."""
    answers = parse_answers(template_yaml(rubric, example=True, respondent="Preview Student"),
                            rubric)
    return render_report(answers, rubric, sample=True).pdf


def cohort_pdf(rubric: Rubric, students: int, seed: int = 0, min_group: int = 5) -> bytes:
    """An advisor's report over `students` answers files."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for i in range(students):
            answers = student(rubric, seed + i, FIRST + timedelta(hours=i))
            answers = answers.model_copy(update={"respondent": f"Student {i:03d}"})
            (root / f"s{i:03d}.yaml").write_text(answers_to_yaml(answers, rubric),
                                                  encoding="utf-8")
        files, _ = find_answer_files([root])
        read = read_cohort(files, rubric, workers=1)
    assert not read.skipped, read.skipped
    return render_cohort_pdf(build_summary(read.students, rubric, min_group), rubric)
