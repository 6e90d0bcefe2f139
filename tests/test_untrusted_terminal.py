"""Hostile text from rubrics, answers files and cohort folders never acts on a terminal.

Two defences, each tested on its own: validation refuses control characters with
FILE:LINE, and the one output function shows any that get through as visible escapes.
The end-to-end tests run the installed command in a real pseudo-terminal and look at
the bytes the terminal receives.
"""

from __future__ import annotations

import io
import json
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import Result

from careerkit.answers import parse_answers, template_yaml
from careerkit.errors import ValidationFailed
from careerkit.rubric import load_rubric
from careerkit.safetext import json_dumps, text_problem, visible

pexpect = pytest.importorskip("pexpect")

DATA = Path(__file__).parent / "data"
SMALL = DATA / "quiz" / "small.yaml"
CAREERKIT = Path(sys.executable).parent / "careerkit"

# What the review of 2026-11-30 sent: window title (OSC 0), a hyperlink hiding its target
# (OSC 8), clear screen, SGR blink, BEL, a C1 CSI, a bidi override and a lone surrogate.
PAYLOAD = ("\x1b]0;PWNED-TITLE\x07\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\"
           "\x1b[2J\x1b[H\x1b[5;41m\x07\u009b31m\u202egnp.exe")
# Every byte sequence a terminal acts on that PAYLOAD contains.
RAW = [b"\x1b]", b"\x1b[2J", b"\x1b[H", b"\x1b[5;41m", b"\x07", "\u009b".encode(),
       "\u202e".encode()]
# The colours careerkit adds itself (click's fg=red/yellow/green, then reset).
OWN_COLOURS = re.compile(rb"\x1b\[(?:3[1-3]|0)m")
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def yaml_string(text: str) -> str:
    """A YAML double-quoted scalar holding `text` (JSON escapes are YAML escapes)."""
    return json.dumps(text)


# -- the output function -------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_visible_leaves_no_control_character_and_keeps_safe_text(text: str) -> None:
    shown = visible(text)
    assert UNSAFE.search(shown) is None
    if UNSAFE.search(text) is None:
        assert shown == text
    shown.encode("utf-8")  # surrogates are gone too


def test_visible_shows_each_control_as_an_escape() -> None:
    assert visible("a\x1b[2Jb\x07\u009b\u202e\ud800\r\n\tz") == (
        "a\\x1b[2Jb\\x07\\x9b\\u202e\\ud800\\x0d\n\tz")


@settings(max_examples=100, deadline=None)
@given(st.recursive(st.text() | st.integers() | st.none(),
                    lambda inner: st.lists(inner, max_size=3)
                    | st.dictionaries(st.text(max_size=5), inner, max_size=3), max_leaves=8))
def test_json_output_is_valid_json_without_raw_controls(data: object) -> None:
    text = json_dumps(data)
    assert UNSAFE.search(text) is None
    assert json.loads(text) == data


# -- validation -----------------------------------------------------------------------------

RUBRIC_FIELDS = [
    ("title: Quiz test rubric", "title: {}", "title"),
    ("description: A tiny rubric", "description: {}\nx_: A tiny rubric", "description"),
    ("    title: Research", "    title: {}", "dimensions[0].title"),
    ('    why: "Champions adjust."', "    why: {}", "dimensions[0].why"),
    ("    summary: How you read", "    summary: {}\n    x_: How you read",
     "dimensions[0].summary"),
    ("        text: How often do you read papers outside your subfield?", "        text: {}",
     "dimensions[0].questions[0].text"),
    ("        help: Count anything", "        help: {}\n        x_: Count anything",
     "dimensions[0].questions[0].help"),
    ("        unit: stars", "        unit: {}", "dimensions[0].questions[2].unit"),
    ("{value: nothing, label: Nothing yet, score: 0}",
     "{{value: nothing, label: {}, score: 0}}", "dimensions[1].questions[0].options[0].label"),
]


@pytest.mark.parametrize(("old", "new", "location"), RUBRIC_FIELDS,
                         ids=[f[2] for f in RUBRIC_FIELDS])
@pytest.mark.parametrize("bad", ["\x1b]0;T\x07", "\x00", "\x07", "\u009b", "\u202e",
                                 "\ud800", "\r"], ids=repr)
def test_rubric_validation_refuses_control_characters_with_file_and_line(
        tmp_path: Path, old: str, new: str, location: str, bad: str) -> None:
    source = SMALL.read_text(encoding="utf-8")
    assert old in source
    hostile = source.replace(old, new.format(yaml_string(f"Hello {bad} world")), 1)
    hostile = re.sub(r"\n *x_: .*", "", hostile)
    line = next(i for i, text in enumerate(hostile.splitlines(), 1)
                if yaml_string(f"Hello {bad} world") in text)
    path = tmp_path / "hostile.yaml"
    path.write_text(hostile, encoding="utf-8")
    with pytest.raises(ValidationFailed) as caught:
        load_rubric(path)
    message = str(caught.value)
    assert re.search(rf"{re.escape(f'{path}:{line}: {location}: contains ')}"
                     r"(the (control character|bidirectional control)|a lone surrogate) U\+",
                     message), message
    assert bad not in message


def test_a_resource_link_is_only_a_plain_web_address(tmp_path: Path) -> None:
    base = (Path(__file__).parents[1] / "rubrics" / "ml-phd-career.yaml").read_text(
        encoding="utf-8")
    assert "url: " in base
    for url in ["https://a><img/src=x/onerror=alert(1)>", 'https://a"b', "javascript:x",
                "https://example.com/\u202egnp.exe", "https://a b"]:
        path = tmp_path / "r.yaml"
        line = f"url: {yaml_string(url)}"
        path.write_text(re.sub(r'url: "[^"]*"', lambda _, line=line: line, base, count=1),
                        encoding="utf-8")
        with pytest.raises(ValidationFailed, match=r"\.url: "):
            load_rubric(path)


def string_fields(data: object, path: tuple[str | int, ...] = ()
                  ) -> list[tuple[str | int, ...]]:
    """The path of every string in a rubric's data."""
    if isinstance(data, dict):
        return [p for key, value in data.items() for p in string_fields(value, (*path, key))]
    if isinstance(data, list):
        return [p for i, value in enumerate(data) for p in string_fields(value, (*path, i))]
    return [path] if isinstance(data, str) else []


@pytest.mark.parametrize("source", [
    DATA / "rubrics" / "all-types.yaml",
    pytest.param(Path(__file__).parents[1] / "rubrics" / "ml-phd-career.yaml",
                 marks=pytest.mark.slow),
], ids=lambda p: p.name)
def test_every_text_in_a_rubric_refuses_control_characters(tmp_path: Path,
                                                           source: Path) -> None:
    """Not only the fields listed above: every string of a real rubric (titles, actions,
    caveats, quotes, resources, scales, plan settings, fields added later), with ESC and
    a C1 CSI appended, makes the rubric invalid, and the message does not repeat them."""
    import copy

    from ruamel.yaml import YAML

    data = YAML(typ="safe").load(source.read_text(encoding="utf-8"))
    fields = string_fields(data)
    assert len(fields) > 50
    path = tmp_path / "r.yaml"
    accepted = []
    for field in fields:
        hostile = copy.deepcopy(data)
        parent = hostile
        for key in field[:-1]:
            parent = parent[key]
        parent[field[-1]] += "\x1b[2J\u009b31m"
        path.write_text(json.dumps(hostile, ensure_ascii=False), encoding="utf-8")
        try:
            load_rubric(path)
        except ValidationFailed as exc:
            assert "\x1b" not in str(exc) and "\u009b" not in str(exc)
            assert f"{path}:" in str(exc)
        else:
            accepted.append(".".join(map(str, field)))
    assert accepted == []


@pytest.mark.parametrize(("field", "line"), [("respondent", 4), ("key", 8), ("value", 8)])
@pytest.mark.parametrize("bad", ["\x1b[2J", "\u009b", "\ud800", "\u202e"], ids=repr)
def test_answers_files_refuse_control_characters_with_file_and_line(
        tmp_path: Path, field: str, line: int, bad: str) -> None:
    rubric = load_rubric(SMALL)
    text = template_yaml(rubric, example=True, respondent="Eve")
    lines = text.splitlines()
    if field == "respondent":
        text = text.replace('respondent: "Eve"', f"respondent: {yaml_string('Eve ' + bad)}")
    elif field == "key":
        text = text.replace("\n  plan:", f"\n  {yaml_string('plan' + bad)}:")
    else:
        text = re.sub(r"\n  plan: .*", lambda _: f"\n  plan: {yaml_string('I will ' + bad)}", text)
    assert text != "\n".join(lines)
    line = next(i for i, row in enumerate(text.splitlines(), 1)
                if ("respondent" if field == "respondent" else "plan") in row
                and not row.lstrip().startswith("#"))
    path = tmp_path / "answers.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationFailed) as caught:
        parse_answers(text, rubric, path)
    message = str(caught.value)
    assert f"{path}:{line}: " in message
    assert re.search(r"contains (the (control character|bidirectional control)|a lone "
                     r"surrogate) U\+", message), message
    assert bad not in message


def test_text_problem_allows_line_breaks_only_in_multiline_text() -> None:
    assert text_problem("one\ntwo\tthree") is None
    assert "one line" in (text_problem("one\ntwo", multiline=False) or "")
    assert text_problem("Zoë 中文 🙂 \u200d") is None  # joiners and scripts are text


# -- defence in depth: text that got past validation still prints as escapes ---------------


@pytest.fixture
def no_validation(monkeypatch: pytest.MonkeyPatch) -> None:
    """As if a validator had a gap: files with control characters load."""
    monkeypatch.setattr("careerkit.rubric.models.text_problem", lambda *a, **k: None)
    monkeypatch.setattr("careerkit.answers.text_problem", lambda *a, **k: None)


def hostile_rubric(folder: Path) -> Path:
    source = SMALL.read_text(encoding="utf-8")
    for old in ["title: Quiz test rubric", "    title: Research", "    title: Product building",
                "        text: How often do you read papers outside your subfield?",
                "        unit: stars"]:
        key, _, value = old.partition(": ")
        source = source.replace(old, f"{key}: {yaml_string(value + PAYLOAD)}", 1)
    source = source.replace("label: A demo,", f"label: {yaml_string('A demo' + PAYLOAD)},")
    path = folder / "hostile-rubric.yaml"
    path.write_text(source, encoding="utf-8")
    return path


def hostile_answers(folder: Path, rubric_path: Path) -> Path:
    rubric = load_rubric(rubric_path)
    text = template_yaml(rubric, example=True, respondent="Eve")
    text = text.replace('respondent: "Eve"', f"respondent: {yaml_string('Eve' + PAYLOAD)}")
    text = re.sub(r"\n  plan: .*", lambda _: f"\n  plan: {yaml_string('Build' + PAYLOAD)}", text)
    text = re.sub(r"\n  shipped: .*", "\n  shipped: demo", text)
    path = folder / "hostile-answers.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def assert_inert(output: str | bytes) -> None:
    data = output.encode("utf-8", "surrogateescape") if isinstance(output, str) else output
    data = OWN_COLOURS.sub(b"", data)
    for raw in RAW:
        assert raw not in data, f"{raw!r} reached the terminal"
    assert b"\x1b" not in data



def hostile_home(tmp_path: Path, make_rubric: Callable[[Path], Path],
                 days: list[str]) -> tuple[Path, Path]:
    """A hostile rubric in ./rubrics, a hostile answers file, and copies of it in the
    history as attempts of `days`."""
    (tmp_path / "rubrics").mkdir()
    rubric = make_rubric(tmp_path / "rubrics")
    rubric = rubric.rename(rubric.with_name("quiz-small.yaml"))
    answers = hostile_answers(tmp_path, rubric)
    history = tmp_path / "home" / "history"
    history.mkdir(parents=True)
    for day in days:
        (history / f"{day}-quiz-small.yaml").write_bytes(answers.read_bytes())
    return rubric, answers

@pytest.mark.parametrize("command", [
    ["score", "{answers}", "-r", "{rubric}"],
    ["score", "{answers}", "-r", "{rubric}", "--json"],
    ["export", "{answers}", "-r", "{rubric}", "--format", "md"],
    ["export", "{answers}", "-r", "{rubric}", "--format", "csv"],
    ["export", "{answers}", "-r", "{rubric}", "--format", "json"],
    ["rubric", "show", "{rubric}"],
    ["rubric", "show", "{rubric}", "--json"],
    ["rubric", "template", "{rubric}", "--example"],
    ["compare", "{answers}", "{answers}"],
    ["compare", "{answers}", "{answers}", "--json"],
    ["history"],
    ["history", "--json"],
    ["rubric", "list", "--json"],
], ids=lambda c: " ".join(c[:3] + c[-1:]))
def test_every_command_prints_text_that_got_past_validation_as_escapes(
        no_validation: None, cli: Callable[..., Result], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, command: list[str]) -> None:
    rubric, answers = hostile_home(tmp_path, hostile_rubric, ["2026-01-01", "2026-02-01"])
    monkeypatch.chdir(tmp_path)
    args = [a.format(rubric=rubric, answers=answers) for a in command]
    result = cli(*args)
    assert result.exit_code == 0, result.output
    assert_inert(result.output)
    if command != ["history"]:  # (history's table names dimensions by their ids)
        assert "PWNED-TITLE" in result.output  # the text is still there, harmless


def hostile_rubric_with_an_action(folder: Path) -> Path:
    """The hostile rubric with an action for every band, its texts hostile too."""
    path = hostile_rubric(folder)
    action = (f"    actions:\n      - {{id: read_more, title: {yaml_string('Read' + PAYLOAD)}, "
              f"do: {yaml_string('Do' + PAYLOAD)}, outcome: {yaml_string('Out' + PAYLOAD)}, "
              "horizon_days: 30, bands: [starting, building, strong]}\n")
    text = path.read_text(encoding="utf-8")
    assert "\n  - id: product\n" in text
    path.write_text(text.replace("\n  - id: product\n", f"\n{action}  - id: product\n", 1),
                    encoding="utf-8")
    return path


@pytest.mark.parametrize("command", [
    ["export", "{answers}", "-r", "{rubric}", "--format", "html"],
    ["export", "{answers}", "-r", "{rubric}", "--format", "ics"],
    ["export", "{answers}", "-r", "{rubric}", "--format", "md"],
    ["plan"],
    ["plan", "--json"],
], ids=" ".join)
def test_plans_and_calendars_print_text_that_got_past_validation_as_escapes(
        no_validation: None, cli: Callable[..., Result], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, command: list[str]) -> None:
    """The commands added since the review: the plan's actions reach the terminal as
    escapes too (and HTML and iCalendar quote them as their formats require)."""
    rubric, answers = hostile_home(tmp_path, hostile_rubric_with_an_action, ["2026-02-01"])
    monkeypatch.chdir(tmp_path)
    result = cli(*[a.format(rubric=rubric, answers=answers) for a in command])
    assert result.exit_code == 0, result.output
    assert_inert(result.output)
    assert "PWNED-TITLE" in result.output  # the action's text is there, harmless


def test_the_plain_quiz_face_prints_escapes(no_validation: None) -> None:
    from careerkit.prompts import PlainUI

    stream = io.StringIO()
    ui = PlainUI(stream=stream)
    ui.say("Title" + PAYLOAD)
    ui.para("Why" + PAYLOAD)
    assert_inert(stream.getvalue())
    assert "\\x1b]0;PWNED-TITLE" in stream.getvalue()


# -- end to end, in a real terminal ----------------------------------------------------------


def pty_run(args: list[str], *, cwd: Path, home: Path, term: str = "xterm-256color",
            send: str = "") -> tuple[bytes, int]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CAREERKIT")}
    env.update({"CAREERKIT_HOME": str(home), "TERM": term, "COLUMNS": "80", "LINES": "24",
                "PROMPT_TOOLKIT_NO_CPR": "1"})
    child = pexpect.spawn(str(CAREERKIT), args, env=env, cwd=str(cwd), timeout=20,
                          dimensions=(24, 80))
    if send:
        child.send(send)
    output = child.read()
    child.close()
    return output, child.exitstatus


@pytest.fixture
def hostile_world(tmp_path: Path) -> dict[str, Path]:
    """Hostile rubrics, answers, cohort files, history and file names, on disk."""
    home = tmp_path / "home"
    evil_name = "x\x1b]0;OWNED\x07\x1b[2J\u009b"
    rubric = hostile_rubric(tmp_path)
    answers = tmp_path / "answers.yaml"
    good = load_rubric(SMALL)
    answers.write_text(template_yaml(good, example=True, respondent="Ann"), encoding="utf-8")
    evil_answers = hostile_answers(tmp_path, SMALL)
    evil_key = tmp_path / "evil-key.yaml"
    evil_key.write_text(answers.read_text(encoding="utf-8").replace(
        "\n  plan:", f"\n  {yaml_string(PAYLOAD + 'fake')}: 1\n  plan:"), encoding="utf-8")
    cohort = tmp_path / "cohort"
    cohort.mkdir()
    for i in range(4):
        (cohort / f"s{i}.yaml").write_text(template_yaml(good, example=True,
                                                         respondent=f"S{i}"), encoding="utf-8")
    (cohort / f"{evil_name}.yaml").write_text(evil_key.read_text(encoding="utf-8"))
    (cohort / "key.yaml").write_text(evil_key.read_text(encoding="utf-8"))
    secret = tmp_path / "secret.txt"
    secret.write_text("root:" + PAYLOAD + ":secret-first-line\n", encoding="utf-8")
    (cohort / "shadow.yaml").symlink_to(secret)
    history = home / "history"
    history.mkdir(parents=True)
    (history / f"2026-01-02-quiz-small{evil_name}.yaml").write_text(
        evil_answers.read_text(encoding="utf-8"), encoding="utf-8")
    (history / "2026-01-01-quiz-small.yaml").write_text(answers.read_text(encoding="utf-8"),
                                                        encoding="utf-8")
    (tmp_path / "rubrics").mkdir()
    (tmp_path / "rubrics" / "quiz-small.yaml").write_bytes(SMALL.read_bytes())
    user_rubrics = home / "rubrics"
    user_rubrics.mkdir()
    (user_rubrics / f"{evil_name}.yaml").write_text(rubric.read_text(encoding="utf-8"),
                                                   encoding="utf-8")
    return {"rubric": rubric, "answers": answers, "evil_answers": evil_answers,
            "evil_key": evil_key, "cohort": cohort, "home": home, "small": SMALL,
            "tmp": tmp_path}


PTY_COMMANDS = [
    ["score", "{evil_answers}", "-r", "{small}"],
    ["score", "{evil_key}", "-r", "{small}"],
    ["score", "{answers}", "-r", "{rubric}"],
    ["rubric", "validate", "{rubric}"],
    ["rubric", "show", "{rubric}"],
    ["rubric", "list"],
    ["rubric", "template", "{rubric}"],
    ["rubric", "lint", "{rubric}"],
    ["rubric", "preview", "{rubric}", "-o", "{tmp}/p.pdf"],
    ["history"],
    ["compare", "{answers}", "{evil_answers}"],
    ["export", "{evil_answers}", "-r", "{small}", "--format", "md"],
    ["report", "{evil_answers}", "-r", "{small}", "-o", "{tmp}/r.pdf", "--no-compare"],
    ["cohort", "{cohort}", "--min-group", "3", "-r", "{small}"],
    ["take", "--plain", "-r", "{rubric}", "-o", "{tmp}/t.pdf"],
    ["take", "-r", "{rubric}", "-o", "{tmp}/t.pdf"],
    ["score", "{evil_answers}", "-r", "{small}", "--json"],
    ["export", "{evil_key}", "-r", "{small}", "--format", "csv"],
    ["rubric", "test", "{rubric}"],
    ["rubric", "init", "{tmp}/new.yaml", "--from", "{rubric}"],
    # added since the review of 2026-11-30
    ["export", "{evil_answers}", "-r", "{small}", "--format", "html"],
    ["export", "{evil_key}", "-r", "{small}", "--format", "ics"],
    ["plan"],
    ["plan", "--json"],
    ["rate", "{evil_answers}", "-r", "{small}"],
    ["rate", "{answers}", "-r", "{rubric}"],
    ["rubric", "guide"],
]


@pytest.mark.slow  # real terminals
@pytest.mark.parametrize("command", PTY_COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_no_hostile_sequence_reaches_the_terminal(hostile_world: dict[str, Path],
                                                  command: list[str]) -> None:
    args = [a.format(**hostile_world) for a in command]
    term = "dumb" if command[:2] == ["take", "--plain"] else "xterm-256color"
    output, status = pty_run(args, cwd=hostile_world["tmp"], home=hostile_world["home"],
                             term=term, send="\x04" if command[0] in ("take", "rate") else "")
    assert status in (0, 1, 2, 130), output
    assert b"internal error" not in output, output
    assert b"Traceback" not in output, output
    assert_inert(output)


@pytest.mark.slow  # real terminals
def test_cohort_skips_name_the_file_and_never_quote_its_contents(
        hostile_world: dict[str, Path]) -> None:
    output, status = pty_run(["cohort", str(hostile_world["cohort"]), "--min-group", "3",
                              "-r", str(hostile_world["small"])],
                             cwd=hostile_world["tmp"], home=hostile_world["home"])
    assert status == 0, output
    text = output.decode("utf-8", "replace")
    assert "secret-first-line" not in text
    assert "shadow.yaml" in text
    assert "x\\x1b]0;OWNED\\x07\\x1b[2J\\x9b.yaml" in text  # the file named, visibly
    assert "PWNED" not in text  # the hostile key is not repeated either


UNCHECKED = ("import sys, careerkit.rubric, careerkit.answers\n"
             "careerkit.rubric.models.text_problem = careerkit.answers.text_problem = "
             "lambda *a, **k: None\n"
             "from careerkit.cli import main\n"
             "sys.argv[0] = 'careerkit'\n"
             "main()\n")


@pytest.mark.slow  # real terminals
@pytest.mark.parametrize("plain", [True, False], ids=["plain", "rich"])
def test_both_quiz_faces_show_text_that_got_past_validation_as_escapes(
        tmp_path: Path, plain: bool) -> None:
    """As if validation had a gap: the quiz's own output layer still neutralises."""
    rubric = hostile_rubric(tmp_path)
    env = {k: v for k, v in os.environ.items() if not k.startswith("CAREERKIT")}
    env.update({"CAREERKIT_HOME": str(tmp_path / "home"), "COLUMNS": "100", "LINES": "30",
                "TERM": "dumb" if plain else "xterm-256color", "PROMPT_TOOLKIT_NO_CPR": "1"})
    child = pexpect.spawn(sys.executable, ["-c", UNCHECKED, "take", "-r", str(rubric),
                                           "-o", str(tmp_path / "t.pdf")],
                          env=env, cwd=str(tmp_path), timeout=20, dimensions=(30, 100))
    seen = b""
    for pattern in ("PWNED-TITLE", "Your name" if not plain else "name"):
        child.expect(pattern)
        seen += child.before + child.after
    child.sendcontrol("c")
    seen += child.read()
    child.close()
    for raw in (b"\x1b]", b"\x07", "\u009b".encode(), "\u202e".encode(), b"\x1b[5;41m"):
        assert raw not in seen, f"{raw!r} reached the terminal"
    if plain:
        assert_inert(seen)
