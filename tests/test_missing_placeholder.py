"""A missing score reads the same wherever it is shown: the terminal table, the Markdown
plan and the PDF all use the one placeholder (display.DASH), never a look-alike dash."""

from __future__ import annotations

import io
import re
from pathlib import Path

from pypdf import PdfReader

from careerkit.answers import Answers, pin
from careerkit.display import DASH
from careerkit.export import export_markdown
from careerkit.plan import build_plan
from careerkit.report import render_pdf
from careerkit.rubric import Rubric, load_rubric
from careerkit.scoring import score
from careerkit.summary import scorecard_table

FITTED = Path(__file__).parent / "data" / "rubrics" / "fitted.yaml"
LOOK_ALIKES = "–‒―-"  # en dash, figure dash, horizontal bar, hyphen


def thin_answers() -> tuple[Answers, Rubric]:
    rubric = load_rubric(FITTED)
    answers = Answers(rubric=pin(rubric), answers={
        "topic_safe": True, "shipped": True, "users": 3, "applied": True, "chats": True})
    return answers, rubric


def test_a_dimension_without_a_score_shows_the_one_placeholder_everywhere() -> None:
    answers, rubric = thin_answers()
    card = score(answers, rubric)
    missing = [d for d in card.dimensions.values() if d.score is None]
    assert missing, "the fixture must leave a dimension without a score"
    title = missing[0].title

    terminal = scorecard_table(card)
    row = next(line for line in terminal.splitlines() if line.startswith(title[:20]))
    assert DASH in row and not re.search(f"[{LOOK_ALIKES}]\\s", row)

    markdown = export_markdown(answers, rubric, card, build_plan(card, rubric, answers))
    assert any(title in line and DASH in line for line in markdown.splitlines())

    pdf = render_pdf(answers, rubric)
    first = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert DASH in first
    assert "–" not in first.replace("0–40", "").replace("40–70", "").replace("70–100", "")
