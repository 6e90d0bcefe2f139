"""`careerkit rubric init`: start a new rubric file, from scratch or from a known rubric."""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

from careerkit.errors import InputError
from careerkit.naming import slug
from careerkit.rubric import find_rubric, load_rubric
from careerkit.schema import rubric_json_schema
from careerkit.store import atomic_write_text
from careerkit.yamlio import dump_yaml, read_text_file

__all__ = ["SCHEMA_FILE", "init_rubric", "schema_text"]

SCHEMA_FILE = "rubric.schema.json"
SCHEMA_LINE = f"# yaml-language-server: $schema=./{SCHEMA_FILE}"

SKELETON = """\
{schema_line}
#
# A careerkit rubric. Check it with:   careerkit rubric validate {name}
#                    and lint it with:  careerkit rubric lint {name}
# Editors that understand the line above complete and check every key.
id: {rubric_id}
title: My field's career readiness
version: 0.1.0
description: >-
  What this rubric is for and who should take it.
authors: [Your Name]
license: CC-BY-4.0

# Score bands: contiguous, covering 0-100 (min included, the top band includes 100).
bands:
  - {{id: starting, label: Starting out, min: 0, max: 40, color: "#c8553d"}}
  - {{id: building, label: Building, min: 40, max: 70, color: "#e0a458"}}
  - {{id: strong, label: Strong, min: 70, max: 100, color: "#2a9d8f"}}

# Your situation: asked first and never scored. `when` conditions and `context_weights`
# can look at these answers; `default` is what the plan assumes when one is missing.
context:
  title: Your situation
  questions:
    - id: stage
      type: single
      text: Where are you in your degree?
      default: middle
      options:
        - {{value: early, label: First or second year}}
        - {{value: middle, label: In the middle}}
        - {{value: final, label: Final year}}
    - id: weekly_hours
      type: number
      text: How many hours a week can you give to this plan?
      unit: hours
      min: 1
      max: 40
      default: 4
      thresholds: [{{at: 1, score: 0}}]

# How the plan is ordered and fitted to the student's time.
plan:
  priority: [first_dimension]   # dimension ids, most important first
  first_window_cap: 5           # at most this many actions in the first 30 days (1-5)
  hours_question: weekly_hours  # the context question that gives the weekly hours

# Answers that contradict each other, shown as "worth a second look" (never scored).
checks:
  - id: shipped_but_nobody_asked
    when:
      - {{question: shipped_count, at_least: 3}}
      - {{question: asked_for_help, equals: false}}
    message: You shipped three things, yet nobody outside your lab asked for help; worth a check.

dimensions:
  - id: first_dimension
    title: The first thing you want students to look at
    weight: 1
    context_weights:            # another weight in some situations; the first that holds
      - {{when: {{question: stage, equals: final}}, weight: 1.5}}
    min_answered: 2             # fewer scored answers: "not enough answers", no band
    quote:
      text: The advice this dimension rests on, word for word.
      source: Who said it, and where
      date: "2024"
    why: In your own words, why it matters (printed apart from the quote).
    questions:
      # Ask about behaviour and evidence, not self-image.
      - id: shipped_count
        type: number
        text: In the last 12 months, how many things did you ship that others used?
        unit: things
        max: 100
        thresholds:               # the highest `at` reached gives the score (0..1)
          - {{at: 0, score: 0}}
          - {{at: 1, score: 0.5}}
          - {{at: 3, score: 1}}
      - id: feedback_habit
        type: likert
        scale: frequency          # built in: frequency, agreement; or define your own
        text: How often do you show unfinished work to someone outside your group?
      - id: asked_for_help
        type: yesno
        text: In the last 6 months, did someone outside your lab ask for your help?
      - id: reflection
        type: text                # never scored; quoted in the student's plan
        text: What would you like to be known for in two years?
    actions:
      - id: ship_one
        title: Ship one small thing
        do: Pick the smallest useful piece of your work and put it in front of 3 people.
        outcome: Three people outside your group have used it.
        horizon_days: 30
        effort_hours: 6           # hours of work: the plan fits actions into the week
        bands: [starting]
      - id: weekly_demo
        title: Show your work every week
        do: Book a 15-minute weekly slot to show what you made to someone new.
        outcome: Six demos held, each with one written note of what you learnt.
        horizon_days: 60
        effort_hours: 4
        bands: [starting, building]
      - id: first_demo
        title: Show one person what you made
        do: Book 15 minutes with someone new and show them what you made.
        outcome: One demo held, with one written note of what you learnt.
        horizon_days: 14
        effort_hours: 1
        when: {{question: feedback_habit, equals: never}}
        replace: [weekly_demo]    # a first step stands in for its band twin
        caveat: Ask your advisor first if it is not yet public.
      - id: teach_it
        title: Teach what you know
        do: Give one talk or write one tutorial on the thing people ask you about.
        outcome: One talk given or one tutorial published.
        horizon_days: 90
        effort_hours: 10
        bands: [building, strong]
      - id: mentor_someone
        title: Mentor a junior student
        do: Meet a junior student every two weeks and help them ship their first thing.
        outcome: They shipped it.
        horizon_days: 180
        effort_hours: 12
        when: {{question: stage, in: [middle, final]}}  # limited by the situation
        bands: [strong]
"""


@functools.cache  # generated from the models, so fixed for a version: ~100 ms to make
def schema_text() -> str:
    return json.dumps(rubric_json_schema(), indent=2, ensure_ascii=False) + "\n"


def rubric_id_for(name: str) -> str:
    """A rubric id from a file name: `Ελένη's lab` -> `elenis-lab`, `2024` -> `rubric-2024`
    (an id starts with a letter and is ASCII)."""
    cleaned = slug(name, 64, ascii_only=True)
    if not cleaned or not cleaned[0].isalpha():
        cleaned = ("rubric-" + cleaned).rstrip("-")[:64].rstrip("-")
    return cleaned


def init_rubric(path: Path, source: str | None = None, *, force: bool = False) -> list[Path]:
    """Write a new rubric (and the JSON Schema beside it); returns the files written."""
    if path.suffix not in (".yaml", ".yml"):
        raise InputError(f"{path}: a rubric file name ends in .yaml")
    if path.exists() and not force:
        raise InputError(f"{path}: already exists; choose another name or pass --force")
    rubric_id = rubric_id_for(path.stem)
    if source is None:
        text = SKELETON.format(schema_line=SCHEMA_LINE, name=path.name, rubric_id=rubric_id)
    else:
        base = load_rubric(source)  # a broken source is reported before anything is written
        original = read_text_file(find_rubric(source), what="rubric file")
        if re.search(r"(?m)^extends:", original):
            # Its `extends` may be relative to where it lives: copy the merged rubric.
            data = base.model_dump(mode="json", by_alias=True, exclude_defaults=True)
            data["id"] = rubric_id
            body = dump_yaml(data)
        else:
            kept = [line for line in original.splitlines()
                    if not line.startswith("# yaml-language-server:")]
            body = "\n".join(kept) + "\n"
            body, replaced = re.subn(r"(?m)^id:.*$", f"id: {rubric_id}", body, count=1)
            if not replaced:
                raise InputError(f"{source}: has no top-level `id:` line to replace")
        text = (f"{SCHEMA_LINE}\n# Copied from {base.id} {base.version} by careerkit "
                "rubric init; edit freely.\n" + body)
    written = [path]
    atomic_write_text(path, text)
    schema_path = path.with_name(SCHEMA_FILE)
    atomic_write_text(schema_path, schema_text())
    written.append(schema_path)
    return written
