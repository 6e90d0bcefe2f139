"""A scorecard and its plan as JSON, CSV, Markdown or HTML (`careerkit export`).

Markdown is the plain-text plan: for those who prefer text, paste it into notes, or
read it with a screen reader. Pure functions of their inputs; no clock, no files.
"""

from __future__ import annotations

from typing import Literal

from careerkit.answers import Answers, format_answer
from careerkit.dates import local_day
from careerkit.display import exact_text, score_text
from careerkit.html_export import export_html
from careerkit.plan import ActionPlan, DimensionPlan, hours_text, per_week
from careerkit.rubric import Rubric
from careerkit.safetext import json_dumps, link_target, visible
from careerkit.scoring import Scorecard
from careerkit.spreadsheet import Cell, csv_text
from careerkit.summary import bar

__all__ = ["FORMATS", "Format", "export_csv", "export_json", "export_markdown", "export_text"]

Format = Literal["json", "csv", "md", "html"]
FORMATS: tuple[Format, ...] = ("json", "csv", "md", "html")


def export_text(fmt: Format, answers: Answers, rubric: Rubric, scorecard: Scorecard,
                plan: ActionPlan) -> str:
    if fmt == "json":
        return export_json(scorecard, plan)
    if fmt == "csv":
        return export_csv(scorecard, plan)
    if fmt == "html":  # the accessible plan
        return export_html(answers, rubric, scorecard, plan)
    return export_markdown(answers, rubric, scorecard, plan)


def export_json(scorecard: Scorecard, plan: ActionPlan) -> str:
    data = {"scorecard": scorecard.model_dump(mode="json"), "plan": plan.model_dump(mode="json")}
    return json_dumps(data) + "\n"


CSV_COLUMNS = ("kind", "dimension_id", "dimension", "score", "band", "number", "action",
               "do", "outcome", "horizon_days", "reason")


def export_csv(scorecard: Scorecard, plan: ActionPlan) -> str:
    """One row per dimension (its score and band), then one row per chosen action."""
    rows: list[list[Cell]] = [list(CSV_COLUMNS)]
    overall = exact_text(scorecard.overall)  # CSV is for analysis: full precision
    rows.append(["overall", "", "Overall", overall, scorecard.band_label or "", "", "",
                 "", "", "", ""])
    for dimension in scorecard.dimensions.values():
        score = exact_text(dimension.score)
        rows.append(["dimension", dimension.id, dimension.title, score,
                     dimension.band_label or "", "", "", "", "", "", ""])
    for action in plan.actions:
        rows.append(["action", action.dimension_id, action.dimension_title, "", "",
                     action.number, action.title, _flat(action.do), _flat(action.outcome),
                     action.horizon_days, action.reason])
    return csv_text(rows)


def export_markdown(answers: Answers, rubric: Rubric, scorecard: Scorecard,
                    plan: ActionPlan) -> str:
    """The plan as Markdown, section by section in the PDF's order."""
    lines = [
        *_md_title(answers, rubric, scorecard),
        *_md_priorities(plan),
        *_md_situation(plan, rubric),
        *[line for section in plan.dimensions for line in _md_dimension(section, rubric)],
        *_md_timeline(plan),
        *_md_reflections(answers, rubric),
        *_md_answers(answers, rubric),
    ]
    return "\n".join(lines)


def _md_title(answers: Answers, rubric: Rubric, scorecard: Scorecard) -> list[str]:
    name = answers.respondent.strip() or "Your"
    title = f"{name}'s career action plan" if answers.respondent.strip() else "Your action plan"
    when = answers.finished_at or answers.started_at
    lines = [f"# {_md(title)}", ""]
    lines.append(f"{_md(rubric.title)} ({rubric.id} {rubric.version})"
                 + (f", {local_day(when).isoformat()}" if when else "") + ".")
    lines.append("")
    overall = score_text(scorecard.overall)
    lines += [f"**Overall: {overall} / 100** — {_md(scorecard.band_label or 'not scored')}", ""]
    lines += ["| Dimension | Score | Band | |", "|---|---:|---|---|"]
    for dimension in scorecard.dimensions.values():
        score = score_text(dimension.score)
        lines.append(f"| {_md(dimension.title)} | {score} | "
                     f"{_md(dimension.band_label or 'not answered')} | "
                     f"`{bar(dimension.score, 10)}` |")
    lines.append("")
    return lines


def _md_priorities(plan: ActionPlan) -> list[str]:
    if not plan.top_priorities:
        return []
    return ["## Top priorities", "",
            *[f"{i}. {_md(p.sentence)}" for i, p in enumerate(plan.top_priorities, 1)], ""]


def _md_situation(plan: ActionPlan, rubric: Rubric) -> list[str]:
    """The context answers the plan was fitted to, apart from the scored answers, and
    what it assumed where there were none."""
    if rubric.context is None:
        return []
    lines = [f"## {_md(rubric.context.title)}", ""]
    if plan.context_note:
        lines += [_md(plan.context_note), ""]
    lines += [f"- {_md(line.question)} — {_md(line.answer)}"
              + (" (assumed)" if line.assumed else "") for line in plan.situation]
    lines.append("")
    return lines


def _md_dimension(section: DimensionPlan, rubric: Rubric) -> list[str]:
    score = score_text(section.score)
    lines = [f"## {section.number}. {_md(section.title)} — {score} "
             f"({_md(section.band_label or 'not answered')})", ""]
    advice = next(d for d in rubric.dimensions if d.id == section.dimension_id)
    if advice.quote is not None:  # the source's words, then the rubric's own
        source = ", ".join(p for p in (advice.quote.source, advice.quote.date) if p)
        lines += [f"> “{_md(_flat(advice.quote.text))}”"
                  + (f" — {_md(source)}" if source else ""), ""]
        lines += [_md(_flat(advice.why)), ""]
    else:
        lines += [f"> {_md(_flat(advice.why))}", ""]
    for label, items in (("Raised your score", section.raised_by),
                         ("Lowered your score", section.lowered_by)):
        if items:
            lines.append(f"**{label}:**")
            lines += [f"- {_md(c.question)} — *{_md(c.answer)}*" for c in items]
            lines.append("")
    for action in section.actions:
        lines += _action_lines(action.number, action.title, action.do, action.outcome,
                               action.due_days, action.reason)
        lines.append(f"  *Hours:* about {hours_text(action.effort_hours)}")
        if action.wait_reason:  # planned after its own horizon
            lines.append(f"  *Why it waits:* {_md(action.wait_reason)}")
        if action.caveat:
            lines.append(f"  *Check first:* {_md(_flat(action.caveat))}")
        lines += [f"  - {_md(r.title)}" + _md_link(r.url) for r in action.resources]
    lines.append("")
    return lines


def _md_timeline(plan: ActionPlan) -> list[str]:
    lines = ["## Timeline", "", f"Fitted to {per_week(plan.budget.hours_per_week)}"
             + (" (assumed)." if plan.budget.assumed else "."), ""]
    for group in plan.timeline:
        lines += [f"### {_md(group.label)} (about {hours_text(group.hours)} of "
                  f"{hours_text(group.budget_hours)} h)", ""]
        lines += [f"- [ ] **{a.number}** {_md(a.title)} — {_md(a.outcome)} "
                  f"({hours_text(a.effort_hours)} h)" for a in group.actions]
        lines.append("")
    if plan.later:
        lines += ["### Later", ""]
        lines += [f"- **{a.number}** {_md(a.title)} — {_md(a.wait_reason or '')}"
                  for a in plan.later]
        lines.append("")
    return lines


def _md_reflections(answers: Answers, rubric: Rubric) -> list[str]:
    reflections = [
        (q.text, answers.answers.get(q.id)) for _, q in rubric.questions()
        if not q.scored and isinstance(answers.answers.get(q.id), str)
    ]
    if not reflections:
        return []
    lines = ["## Your reflections", ""]
    for prompt, text in reflections:
        lines += [f"**{_md(prompt)}**", ""]
        lines += [f"> {_md(line)}" if line else ">" for line in str(text).splitlines()]
        lines.append("")
    return lines


def _md_answers(answers: Answers, rubric: Rubric) -> list[str]:
    lines = ["## Your answers", ""]
    context = rubric.context_ids()  # shown under the situation
    for _, question in rubric.questions():
        if question.id in answers.answers and question.scored and question.id not in context:
            answer = format_answer(rubric, question, answers.answers[question.id])
            lines.append(f"- {_md(question.text)} — {_md(answer)}")
    lines.append("")
    return lines


def _action_lines(number: str, title: str, do: str, outcome: str, days: int,
                  reason: str) -> list[str]:
    return [
        f"- [ ] **{number} {_md(title)}** (within {days} days)",
        f"  {_md(_flat(do))}",
        f"  *Done when:* {_md(_flat(outcome))}",
        f"  *Why:* {_md(reason)}",
    ]


def _flat(text: str) -> str:
    return " ".join(text.split())


def _md(text: str) -> str:
    """Text shown literally in Markdown: markup characters escaped, no raw HTML, any
    control character as a visible escape."""
    out = []
    for char in visible(text):
        if char in "\\`*_{}[]<>#|!&~":
            out.append("\\" + char)
        elif char in "\n\t":
            out.append(" ")
        else:
            out.append(char)
    return "".join(out)


def _md_link(url: str | None) -> str:
    """A resource's address as a Markdown autolink, only for a plain http(s) or mailto
    address; anything else is left out rather than written as markup."""
    target = link_target(url)
    return f" <{target}>" if target else ""
