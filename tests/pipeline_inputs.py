"""Generated inputs for whole-pipeline tests: rubrics that validate and answers to them.

`rubrics()` draws rubric documents (plain dicts, written as JSON, which is YAML 1.2) with
1-30 dimensions, every question type, conditions on earlier answers, custom bands and
actions (with advisor prompts, caveats and effort), quotes, a context section with the
plan's hours question, consistency checks, and text in many scripts up to the lengths
validation allows. `answers_for()`
draws a valid answers mapping for a loaded rubric: conditions are followed in order,
skips only where allowed, reflections up to their `max_length`.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from typing import Any

from hypothesis import strategies as st

from careerkit.answers import answer_limit, asked_questions
from careerkit.rubric import (
    LikertQuestion,
    MultipleChoiceQuestion,
    NumberQuestion,
    Question,
    Rubric,
    SingleChoiceQuestion,
    TextQuestion,
    YesNoQuestion,
)

__all__ = ["REALISTIC_SENTENCES", "answers_for", "asked_in_order", "names",
           "realistic_answers", "realistic_reflection", "rubrics", "texts"]

# Pieces of text in the scripts students write in. The bundled fonts draw Latin (with
# accents), Greek and Cyrillic; everything else goes through fallback fonts (CJK, Arabic,
# Hebrew, Devanagari, emoji), which costs about a second per document to cut down, so
# one example in four is drawn from the wide set and the others stay narrow.
NARROW_ATOMS = [
    "research", "scaling", "Zoë", "Ångström", "naïve", "Nguyễn", "Ελένη", "Привет",
    "e\u0301\u0303", "a\u0308\u0323", "<b>bold</b>", "&amp;", "<font name=x>", "50%",
    "'quoted'", '"double"', "→", "…", "—", "x²", "\u00a0", "ß", "İ", "ﬁ",
]
WIDE_ATOMS = [
    "王小明", "研究计划", "日本語の文章", "한국어", "مرحبا", "بالعالم", "שלום", "עולם",
    "नमस्ते", "👩\u200d👩\u200d👧", "👍🏽", "🇯🇵", "😀",
]
NARROW_NAMES = ["", "Zoë Ångström-Nguyễn", "Ελένη Παπαδοπούλου", "x" * 200]
WIDE_NAMES = ["王小明", "محمد", "Ελένη 👩\u200d🔬", "김민준"]
_PRINTABLE = ("Cc", "Cs", "Co", "Cn", "Zl", "Zp")
# Refused in rubric text (they reorder what a reader sees; see careerkit.safetext).
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


class _Scripts:
    """Which repertoire this example draws from (set once per rubric drawn)."""

    wide = False


@st.composite
def texts(draw: st.DrawFn, min_size: int = 1, max_size: int = 200) -> str:
    """Words and random printable characters, separated by spaces, nothing or newlines."""
    atoms = NARROW_ATOMS + WIDE_ATOMS if _Scripts.wide else NARROW_ATOMS
    characters = (st.characters(exclude_categories=_PRINTABLE,
                                exclude_characters=BIDI_CONTROLS) if _Scripts.wide else
                  st.characters(exclude_categories=_PRINTABLE, max_codepoint=0x52F))
    atom = st.one_of(st.sampled_from(atoms), st.text(characters, min_size=1, max_size=12))
    count = max(1, max_size // 4)
    parts = draw(st.lists(atom, min_size=1, max_size=count))
    seps = draw(st.lists(st.sampled_from([" ", " ", " ", "", "\n", ", "]),
                         min_size=len(parts), max_size=len(parts)))
    text = "".join(p + s for p, s in zip(parts, seps, strict=True)).strip()[:max_size]
    if len(text.strip()) < min_size:
        return "x" * min_size
    return text


def names() -> st.SearchStrategy[str]:
    return st.sampled_from(NARROW_NAMES + WIDE_NAMES if _Scripts.wide else NARROW_NAMES)


def long_text(size: int) -> st.SearchStrategy[str]:
    """Text of exactly `size` characters, built by repeating a drawn piece (cheap to draw)."""
    return texts(max_size=400).map(lambda piece: ((piece + " ") * (size // (len(piece) + 1) + 1))
                                   [:size].strip() or "x")


@st.composite
def text_field(draw: st.DrawFn, short: int = 60) -> str:
    """Mostly short text, sometimes long, now and then at the validation limit (rarely:
    every long field costs pages, and a rubric has hundreds of fields)."""
    kind = draw(st.integers(0, 39))
    if kind == 0:
        return draw(long_text(20_000 if short > 100 else 2_000))
    if kind < 3:
        return draw(long_text(1_500))
    return draw(texts(max_size=short))


def _bands(draw: st.DrawFn, prefix: str) -> list[dict[str, Any]]:
    count = draw(st.integers(1, 5))
    cuts = sorted(draw(st.sets(st.integers(1, 99), min_size=count - 1, max_size=count - 1)))
    edges = [0, *cuts, 100]
    return [{"id": f"{prefix}{i}", "label": draw(text_field(short=50)),
             "min": edges[i], "max": edges[i + 1],
             **({"description": draw(texts(max_size=300))} if draw(st.booleans()) else {})}
            for i in range(count)]


def _options(draw: st.DrawFn, scored: bool) -> list[dict[str, Any]]:
    count = draw(st.integers(2, 7))
    options = []
    for i in range(count):
        option: dict[str, Any] = {"value": f"o{i}", "label": draw(text_field())}
        if scored:
            option["score"] = draw(st.sampled_from([0, 0.25, 0.5, 1, 0.1, 0.9]))
        options.append(option)
    return options


def _question(draw: st.DrawFn, qid: str, earlier: list[dict[str, Any]]) -> dict[str, Any]:
    kind = draw(st.sampled_from(["likert", "single", "multi", "yesno", "number", "text"]))
    question: dict[str, Any] = {"id": qid, "type": kind, "text": draw(text_field(short=200))}
    if draw(st.integers(0, 3)) == 0:
        question["help"] = draw(texts(max_size=300))
    if kind != "text":
        question["weight"] = draw(st.sampled_from([1, 2, 0.5, 3]))
        question["reverse"] = draw(st.booleans())
    question["allow_skip"] = draw(st.booleans())
    if kind == "likert":
        question["scale"] = (draw(st.sampled_from(["agreement", "frequency"]))
                             if draw(st.booleans()) else _options(draw, scored=False))
    elif kind in ("single", "multi"):
        question["options"] = _options(draw, scored=True)
        if kind == "multi" and draw(st.booleans()):
            question["options"][-1]["exclusive"] = True
    elif kind == "yesno":
        question["yes_score"] = draw(st.sampled_from([1, 0.8, 0]))
    elif kind == "number":
        top = draw(st.sampled_from([5, 100, 10_000]))
        question.update({"min": 0, "max": top, "integer": draw(st.booleans()),
                         "unit": draw(texts(max_size=20)),
                         "thresholds": [{"at": 0, "score": 0}, {"at": top / 2, "score": 1}]})
    else:
        question["max_length"] = draw(st.sampled_from([200, 2_000, 20_000]))
    choices = [q for q in earlier if q["type"] in ("yesno", "single")]
    if choices and draw(st.integers(0, 4)) == 0:
        target = draw(st.sampled_from(choices))
        value: Any = True if target["type"] == "yesno" else target["options"][0]["value"]
        question["when"] = {"question": target["id"], "equals": value}
    return question


def _action(draw: st.DrawFn, aid: str, bands: list[dict[str, Any]],
            questions: list[dict[str, Any]]) -> dict[str, Any]:
    action: dict[str, Any] = {
        "id": aid, "title": draw(text_field(short=100)), "do": draw(text_field(short=400)),
        "outcome": draw(text_field(short=200)),
        "horizon_days": draw(st.sampled_from([1, 14, 30, 60, 90, 180, 365, 3650])),
        "bands": draw(st.lists(st.sampled_from([b["id"] for b in bands]), unique=True,
                               min_size=1)),
    }
    yesno = [q for q in questions if q["type"] == "yesno"]
    if yesno and draw(st.booleans()):
        action["when"] = {"question": draw(st.sampled_from(yesno))["id"], "equals": False}
        if draw(st.booleans()):
            del action["bands"]
    if draw(st.integers(0, 3)) == 0:
        action["advisor_prompts"] = _prompts(draw)
    if draw(st.integers(0, 3)) == 0:
        action["caveat"] = draw(text_field(short=100))
    if draw(st.booleans()):
        action["effort_hours"] = draw(st.sampled_from([0.5, 2, 4, 40, 1000]))
    if draw(st.integers(0, 3)) == 0:
        action["resources"] = [
            {"title": draw(texts(max_size=80)),
             **({"url": draw(st.sampled_from(["https://example.org/a?b=c&d=%3Ce%3E",
                                               "mailto:someone@example.org",
                                               "https://例え.jp/パス"]))}
                if draw(st.booleans()) else {})}
            for _ in range(draw(st.integers(1, 3)))]
    return action


def _prompts(draw: st.DrawFn) -> list[str]:
    """Questions to talk over with an advisor (at most three, as validation allows)."""
    return [draw(text_field(short=100)) for _ in range(draw(st.integers(1, 3)))]


def _context(draw: st.DrawFn) -> dict[str, Any]:
    """A context section: unscored questions about the student's situation, asked first;
    `ctx_hours` (hours a week) is always there, for the plan's `hours_question`."""
    questions: list[dict[str, Any]] = [
        {"id": "ctx_hours", "type": "number", "text": draw(text_field(short=200)),
         "min": 0, "max": 80, "integer": draw(st.booleans()), "unit": "hours",
         "thresholds": [{"at": 0, "score": 0}, {"at": 40, "score": 1}]}]
    if draw(st.booleans()):
        questions.append({"id": "ctx_stage", "type": "single", "text": draw(text_field(short=200)),
                          "options": [{"value": f"s{i}", "label": draw(text_field())}
                                      for i in range(draw(st.integers(2, 5)))]})
    if draw(st.booleans()):
        questions.append({"id": "ctx_funded", "type": "yesno",
                          "text": draw(text_field(short=200))})
    for question in questions:
        question["allow_skip"] = draw(st.booleans())
    section: dict[str, Any] = {"title": draw(text_field(short=80)), "questions": questions}
    if draw(st.booleans()):
        section["intro"] = draw(texts(max_size=200))
    return section


@st.composite
def rubrics(draw: st.DrawFn, max_dimensions: int = 30) -> dict[str, Any]:
    """A rubric document that passes validation."""
    _Scripts.wide = draw(st.integers(0, 3)) == 0
    bands = _bands(draw, "b") if draw(st.booleans()) else [
        {"id": "starting", "label": "Starting out", "min": 0, "max": 40},
        {"id": "building", "label": "Building", "min": 40, "max": 70},
        {"id": "strong", "label": "Strong", "min": 70, "max": 100},
    ]
    dimensions = []
    questions_so_far: list[dict[str, Any]] = []
    # Mostly a handful of dimensions, as real rubrics have; sometimes many.
    count = draw(st.one_of(st.integers(1, 8), st.integers(1, max_dimensions)))
    for d in range(count):
        own_bands = _bands(draw, f"d{d}b") if draw(st.integers(0, 5)) == 0 else None
        questions: list[dict[str, Any]] = []
        for i in range(draw(st.integers(1, 5))):
            question = _question(draw, f"q{d}_{i}", questions_so_far)
            questions.append(question)
            questions_so_far.append(question)
        # Every dimension needs one scored question that is always asked.
        questions.insert(0, {"id": f"base{d}", "type": "yesno", "text": "Base question?"})
        questions_so_far.insert(0, questions[0])
        active_bands = own_bands or bands
        dimension: dict[str, Any] = {
            "id": f"d{d}",
            # An ASCII marker first: tests find each dimension in the PDF's text by it.
            "title": f"D{d} " + draw(text_field(short=80)),
            "why": draw(text_field(short=600)),
            "weight": draw(st.sampled_from([1, 2, 0.5])),
            "questions": questions,
            "actions": [_action(draw, f"a{d}_{i}", active_bands, questions)
                        for i in range(draw(st.integers(0, 3)))],
        }
        if own_bands:
            dimension["bands"] = own_bands
        if draw(st.integers(0, 3)) == 0:
            dimension["quote"] = {"text": draw(text_field(short=100)),
                                  "source": draw(texts(max_size=100))}
        if draw(st.integers(0, 2)) == 0:
            dimension["advisor_prompts"] = _prompts(draw)
        if draw(st.booleans()):
            dimension["summary"] = draw(texts(max_size=300))
        dimensions.append(dimension)
    doc: dict[str, Any] = {
        "id": "generated", "title": draw(text_field(short=120)), "version": "1.0.0",
        "description": draw(texts(max_size=300)), "source": draw(texts(max_size=200)),
        "authors": [draw(texts(max_size=60))], "bands": bands, "dimensions": dimensions}
    if draw(st.integers(0, 2)) == 0:
        doc["context"] = _context(draw)
        if draw(st.booleans()):
            doc["plan"] = {"hours_question": "ctx_hours",
                           "first_window_cap": draw(st.integers(1, 5))}
    if draw(st.integers(0, 3)) == 0:  # shown as "worth a second look" when both hold
        doc["checks"] = [{"id": "both_yes", "message": draw(text_field(short=100)),
                          "when": [{"question": "base0", "equals": True},
                                   {"question": f"base{count - 1}", "equals": True}]}]
    return doc


def answers_for(draw: st.DrawFn, rubric: Rubric) -> dict[str, Any]:
    """Valid answers to every asked question (skips where allowed), in the quiz's order."""
    given: dict[str, Any] = {}
    for question in asked_in_order(rubric, given):
        given[question.id] = _answer(draw, rubric, question, given)
    return given


def asked_in_order(rubric: Rubric, given: dict[str, Any]) -> Iterator[Question]:
    """The questions as the quiz asks them while `given` fills in (conditions follow it)."""
    asked_ids: set[str] = set()
    while True:
        pending = [q for q in asked_questions(rubric, given) if q.id not in asked_ids]
        if not pending:
            return
        asked_ids.add(pending[0].id)
        yield pending[0]


def _answer(draw: st.DrawFn, rubric: Rubric, question: Any, given: dict[str, Any]) -> Any:
    if question.allow_skip and draw(st.integers(0, 9)) == 0:
        return None
    if isinstance(question, (LikertQuestion, SingleChoiceQuestion)):
        return draw(st.sampled_from([o.value for o in rubric.options(question)]))
    if isinstance(question, MultipleChoiceQuestion):
        plain = [o.value for o in question.options if not o.exclusive]
        return draw(st.lists(st.sampled_from(plain), unique=True, min_size=1)) if plain else [
            question.options[0].value]
    if isinstance(question, YesNoQuestion):
        return draw(st.booleans())
    if isinstance(question, NumberQuestion):
        limit = answer_limit(rubric, question, given)
        top = question.highest if limit is None else min(limit, question.highest)
        if question.integer:
            return draw(st.integers(int(question.min), int(top)))
        return draw(st.floats(question.min, top, allow_nan=False))
    assert isinstance(question, TextQuestion)
    size = draw(st.sampled_from([1, 40, 40, 600, 600, 1_500, 1_500, question.max_length]))
    return draw(long_text(min(size, question.max_length)) if size > 300 else
                texts(max_size=min(size, question.max_length)))


# -- realistic reflections (the corpus test) ------------------------------------------------

REALISTIC_SENTENCES = [
    "I spent most of this term on evaluation code rather than new ideas, and I think "
    "that was the right call for my thesis.",
    "My advisor and I disagree about whether scaling will make my topic irrelevant; I "
    "ran a small experiment with three model sizes and the gap stayed roughly constant.",
    "Honestly I have not talked to a single user of anything I built, which is a bit "
    "embarrassing to write down.",
    "Last summer I interned at a startup and learned more about shipping than in two "
    "years of papers.",
    "I would like to finish by next autumn, but the last chapter depends on compute I "
    "do not have yet.",
    "The job market looked frightening in 2022; now there seem to be more openings, "
    "though the roles ask for product sense I lack.",
    "I keep a reading list of about forty papers on post-training and have read maybe "
    "a third of them carefully.",
    "Our lab has four GPUs shared between nine students, so anything large is out of "
    "the question.",
    "I built a small tool for my lab that twelve people use every week; nobody pays "
    "for it, and that is fine for now.",
    "Mein Betreuer meint, ich solle mich auf eine Nische konzentrieren, die nicht "
    "einfach durch mehr Rechenleistung gelöst wird.",
    "J'ai présenté un poster à NeurIPS et deux recruteurs m'ont demandé mon CV.",
    "我的研究方向是长文本推理，但最近的大模型已经解决了我一半的基准测试。",
    "研究室の先輩が起業したので、週末にプロダクトの手伝いをしています。",
    "Мне нужно больше практики в общении с пользователями и продажах.",
    "أعمل على تقليل الهلوسة في النماذج الكبيرة، وهذه مشكلة لا يحلها الحجم وحده.",
    "אני רוצה לבנות פרויקט צד קטן לפני שאסיים את הדוקטורט.",
    "Taste is the hardest thing: I can tell a good demo from a bad one, but I cannot "
    "yet say why in a way that helps me build the next one. 🙂",
    "Two reviewers asked why my method would still matter at 10x the parameters, and "
    "I did not have a good answer.",
]


def realistic_reflection(rng: random.Random, max_length: int) -> str:
    """Two to seven sentences, sometimes in two paragraphs, within `max_length`."""
    sentences = rng.sample(REALISTIC_SENTENCES, rng.randint(2, 7))
    if len(sentences) > 3 and rng.random() < 0.5:
        cut = rng.randint(1, len(sentences) - 1)
        text = " ".join(sentences[:cut]) + "\n\n" + " ".join(sentences[cut:])
    else:
        text = " ".join(sentences)
    return text[:max_length].strip()


def realistic_answers(rng: random.Random, rubric: Rubric) -> dict[str, Any]:
    """Answers as a student gives them: mostly answered, a few skips, reflections of a few
    sentences (sometimes in several languages)."""
    given: dict[str, Any] = {}
    for question in asked_in_order(rubric, given):
        given[question.id] = _realistic(rng, rubric, question, given)
    return given


def _realistic(rng: random.Random, rubric: Rubric, question: Any, given: dict[str, Any]
               ) -> Any:
    if question.allow_skip and not isinstance(question, TextQuestion) and rng.random() < 0.05:
        return None
    if isinstance(question, (LikertQuestion, SingleChoiceQuestion)):
        return rng.choice([o.value for o in rubric.options(question)])
    if isinstance(question, MultipleChoiceQuestion):
        plain = [o.value for o in question.options if not o.exclusive]
        if not plain or rng.random() < 0.1:
            return [next(o.value for o in question.options if o.exclusive)] if len(
                plain) < len(question.options) else [plain[0]]
        return rng.sample(plain, rng.randint(1, len(plain)))
    if isinstance(question, NumberQuestion):
        limit = answer_limit(rubric, question, given)
        top = min(question.highest, 60, math.inf if limit is None else limit)
        value = rng.uniform(question.min, top)
        return int(value) if question.integer else round(value, 1)
    if isinstance(question, TextQuestion):
        return realistic_reflection(rng, question.max_length)
    return rng.random() < 0.5  # yes / no
