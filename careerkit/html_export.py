"""The plan as one self-contained HTML file (`careerkit export --format html`).

The PDF cannot be tagged (reportlab does not write tagged PDF), so this is the plan for
screen readers and the web: the rubric's language as `lang`, a heading for every part
(h1 > h2 > h3 > h4, none skipped), tables with captions and header cells, the score chart
as inline SVG with the same numbers in a table beside it, no scripts and nothing
fetched. Every text comes from files careerkit does not trust, so every text is escaped.
A pure function of its inputs, like the other exports.
"""

from __future__ import annotations

import html

from careerkit.answers import Answers, format_answer
from careerkit.dates import local_day
from careerkit.display import score_text
from careerkit.plan import ActionPlan, DimensionPlan, PlannedAction, hours_text, per_week
from careerkit.rubric import Rubric
from careerkit.safetext import link_target, visible
from careerkit.scoring import Scorecard
from careerkit.textwidth import clip

__all__ = ["export_html"]

STYLE = """
body{font:16px/1.5 system-ui,sans-serif;max-width:46em;margin:2em auto;padding:0 1em;
color:#1b1b1b;background:#fff}
h1{font-size:1.8em;margin-bottom:.2em}h2{margin-top:2em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:1em 0;width:100%}
caption{text-align:left;font-weight:bold;padding:.3em 0}
th,td{border:1px solid #ccc;padding:.3em .5em;text-align:left;vertical-align:top}
td.n,th.n{text-align:right}blockquote{margin:1em 0;padding-left:1em;border-left:4px solid #ccc}
dt{font-weight:bold}dd{margin:0 0 .5em 1em}.chart{max-width:100%;height:auto}
@media (prefers-color-scheme:dark){body{color:#eee;background:#111}th,td{border-color:#555}
.chart text{fill:#eee}}
""".strip()


def _e(text: object) -> str:
    """Text as HTML text: markup characters escaped, control characters made visible."""
    return html.escape(visible(str(text)), quote=True)


def _flat(text: str) -> str:
    return " ".join(text.split())


def export_html(answers: Answers, rubric: Rubric, scorecard: Scorecard,
                plan: ActionPlan) -> str:
    name = answers.respondent.strip()
    title = f"{name}'s career action plan" if name else "Your career action plan"
    when = answers.finished_at or answers.started_at
    out = ["<!DOCTYPE html>", f'<html lang="{_e(rubric.language)}">', "<head>",
           '<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{_e(title)}</title>", f"<style>{STYLE}</style>", "</head>", "<body>",
           "<main>", f"<h1>{_e(title)}</h1>",
           f"<p>{_e(rubric.title)} ({_e(rubric.id)} {_e(rubric.version)})"
           + (f", {_e(local_day(when).isoformat())}" if when else "") + ".</p>"]
    out += _scores(scorecard)
    if plan.top_priorities:
        out += ["<h2>Top priorities</h2>", "<ol>"]
        out += [f"<li>{_e(p.sentence)}</li>" for p in plan.top_priorities]
        out.append("</ol>")
    out += _situation(plan, rubric)
    for section in plan.dimensions:
        out += _dimension(rubric, section)
    out += _timeline(plan)
    out += _reflections(answers, rubric)
    out += _answers(answers, rubric)
    out += ["</main>", "</body>", "</html>", ""]
    return "\n".join(out)


def _scores(scorecard: Scorecard) -> list[str]:
    dimensions = list(scorecard.dimensions.values())
    out = ["<h2>Your scores</h2>",
           f"<p>Overall: <strong>{score_text(scorecard.overall)} out of 100</strong>, "
           f"{_e(scorecard.band_label or 'not scored')}.</p>"]
    row_height, label_width, bar_width = 28, 260, 300
    height = row_height * len(dimensions) + 10
    out += [f'<svg class="chart" role="img" aria-labelledby="chart-title chart-desc" '
            f'viewBox="0 0 {label_width + bar_width + 50} {height}" '
            f'width="{label_width + bar_width + 50}" height="{height}">',
            '<title id="chart-title">Scores by dimension</title>',
            '<desc id="chart-desc">One bar per dimension, 0 to 100; the table below gives '
            "the same numbers.</desc>"]
    for i, dimension in enumerate(dimensions):
        y = i * row_height + 5
        shown = 0 if dimension.score is None else int(score_text(dimension.score))
        label = clip(dimension.title, 34)  # the table below has the whole title
        out += [f'<text x="0" y="{y + 17}" font-size="14">{_e(label)}</text>',
                f'<rect x="{label_width}" y="{y + 4}" width="{bar_width}" height="16" '
                'fill="#e5e5e5"/>',
                f'<rect x="{label_width}" y="{y + 4}" width="{bar_width * shown // 100}" '
                'height="16" fill="#2a6f97"/>',
                f'<text x="{label_width + bar_width + 8}" y="{y + 17}" font-size="14">'
                f"{score_text(dimension.score)}</text>"]
    out.append("</svg>")
    out += ["<table>", "<caption>Scores by dimension (0 to 100)</caption>",
            '<thead><tr><th scope="col">Dimension</th><th scope="col" class="n">Score</th>'
            '<th scope="col">Band</th></tr></thead>', "<tbody>"]
    for dimension in dimensions:
        out.append(f'<tr><th scope="row">{_e(dimension.title)}</th>'
                   f'<td class="n">{score_text(dimension.score)}</td>'
                   f"<td>{_e(dimension.band_label or 'not answered')}</td></tr>")
    out.append(f'<tr><th scope="row">Overall</th><td class="n">'
               f"{score_text(scorecard.overall)}</td>"
               f"<td>{_e(scorecard.band_label or 'not scored')}</td></tr>")
    out += ["</tbody>", "</table>"]
    return out


def _situation(plan: ActionPlan, rubric: Rubric) -> list[str]:
    """The context answers the plan was fitted to, and what it assumed."""
    if rubric.context is None:
        return []
    out = [f"<h2>{_e(rubric.context.title)}</h2>"]
    if plan.context_note:
        out.append(f"<p>{_e(plan.context_note)}</p>")
    if plan.situation:
        out += ["<table>", f"<caption>{_e(rubric.context.title)}: not scored</caption>",
                '<thead><tr><th scope="col">Question</th><th scope="col">Your answer</th>'
                "</tr></thead>", "<tbody>"]
        out += [f'<tr><th scope="row">{_e(line.question)}</th><td>{_e(line.answer)}'
                + (" (assumed)" if line.assumed else "") + "</td></tr>"
                for line in plan.situation]
        out += ["</tbody>", "</table>"]
    return out


def _dimension(rubric: Rubric, section: DimensionPlan) -> list[str]:
    out = [f"<h2>{section.number}. {_e(section.title)}: {score_text(section.score)} "
           f"({_e(section.band_label or 'not answered')})</h2>"]
    advice = next(d for d in rubric.dimensions if d.id == section.dimension_id)
    if advice.quote is not None:  # the source's words, then the rubric's own
        source = ", ".join(p for p in (advice.quote.source, advice.quote.date) if p)
        out.append(f"<blockquote><p>{_e(_flat(advice.quote.text))}</p>"
                   + (f"<footer>{_e(source)}</footer>" if source else "") + "</blockquote>")
    out.append(f"<p>{_e(_flat(advice.why))}</p>")
    for label, items in (("Raised your score", section.raised_by),
                         ("Lowered your score", section.lowered_by)):
        if items:
            out += [f"<h3>{label}</h3>", "<ul>"]
            out += [f"<li>{_e(c.question)}: <em>{_e(c.answer)}</em></li>" for c in items]
            out.append("</ul>")
    if section.actions:
        out.append("<h3>Your actions</h3>")
        for action in section.actions:
            out += _action(action)
    return out


def _action(action: PlannedAction) -> list[str]:
    out = [f"<h4>{_e(action.number)} {_e(action.title)}</h4>",
           f"<p>{_e(_flat(action.do))}</p>", "<dl>",
           f"<dt>Done when</dt><dd>{_e(_flat(action.outcome))}</dd>",
           f"<dt>Within</dt><dd>{action.due_days} days</dd>",
           f"<dt>Hours</dt><dd>about {_e(hours_text(action.effort_hours))}</dd>",
           f"<dt>Why</dt><dd>{_e(action.reason)}</dd>"]
    if action.wait_reason:  # planned after its own horizon
        out.append(f"<dt>Why it waits</dt><dd>{_e(action.wait_reason)}</dd>")
    if action.caveat:
        out.append(f"<dt>Check first</dt><dd>{_e(_flat(action.caveat))}</dd>")
    out.append("</dl>")
    links = []
    for resource in action.resources:
        target = link_target(resource.url)
        links.append(f'<li><a href="{_e(target)}">{_e(resource.title)}</a></li>' if target
                     else f"<li>{_e(resource.title)}</li>")
    if links:
        out += ["<ul>", *links, "</ul>"]
    return out


def _timeline(plan: ActionPlan) -> list[str]:
    out = ["<h2>Timeline</h2>",
           f"<p>Fitted to {_e(per_week(plan.budget.hours_per_week))}"
           + (" (assumed)." if plan.budget.assumed else ".") + "</p>"]
    for group in plan.timeline:
        out += ["<table>",
                f"<caption>{_e(group.label)}: about {_e(hours_text(group.hours))} of "
                f"{_e(hours_text(group.budget_hours))} hours</caption>",
                '<thead><tr><th scope="col">Step</th><th scope="col">Action</th>'
                '<th scope="col">Done when</th><th scope="col" class="n">Hours</th></tr>'
                "</thead>", "<tbody>"]
        out += [f'<tr><th scope="row">{_e(a.number)}</th><td>{_e(a.title)}</td>'
                f"<td>{_e(_flat(a.outcome))}</td>"
                f'<td class="n">{_e(hours_text(a.effort_hours))}</td></tr>'
                for a in group.actions]
        out += ["</tbody>", "</table>"]
    if plan.later:
        out += ["<h3>Later</h3>", "<ul>"]
        out += [f"<li>{_e(a.number)} {_e(a.title)}: {_e(a.wait_reason or '')}</li>"
                for a in plan.later]
        out.append("</ul>")
    return out


def _reflections(answers: Answers, rubric: Rubric) -> list[str]:
    found = [(q.text, answers.answers.get(q.id)) for _, q in rubric.questions()
             if not q.scored and isinstance(answers.answers.get(q.id), str)]
    if not found:
        return []
    out = ["<h2>Your reflections</h2>"]
    for prompt, text in found:
        out.append(f"<h3>{_e(prompt)}</h3>")
        paragraphs = [p for p in str(text).split("\n") if p.strip()]
        out.append("<blockquote>" + "".join(f"<p>{_e(p)}</p>" for p in paragraphs)
                   + "</blockquote>")
    return out


def _answers(answers: Answers, rubric: Rubric) -> list[str]:
    rows = [(q.text, format_answer(rubric, q, answers.answers[q.id]))
            for _, q in rubric.questions()
            if q.id in answers.answers and q.scored and q.id not in rubric.context_ids()]
    if not rows:
        return []
    out = ["<h2>Your answers</h2>", "<table>", "<caption>Your answers</caption>",
           '<thead><tr><th scope="col">Question</th><th scope="col">Answer</th></tr>'
           "</thead>", "<tbody>"]
    out += [f'<tr><th scope="row">{_e(q)}</th><td>{_e(a)}</td></tr>' for q, a in rows]
    out += ["</tbody>", "</table>"]
    return out
