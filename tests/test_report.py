"""The PDF action plan, read back as a reader (and pypdf) would (careerkit.report)."""

from __future__ import annotations

import builtins
import errno
import io
import os
import shutil
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from careerkit.answers import Answers, parse_answers, template_yaml
from careerkit.errors import InputError, RuntimeFailure
from careerkit.naming import slug
from careerkit.plan import build_plan
from careerkit.report import (
    default_report_path,
    render_pdf,
    render_report,
    write_pdf,
)
from careerkit.report import fonts as fontmod
from careerkit.rubric import Rubric, shown
from careerkit.scoring import score

FIXTURE = Path(__file__).parent / "data" / "report" / "plan.yaml"
RUBRIC = FIXTURE  # the `rubric` fixture (conftest.py) loads this one
EPOCH = "1767225600"  # 2026-01-01 00:00 UTC



@pytest.fixture(scope="module")
def example(rubric: Rubric) -> Answers:
    answers = parse_answers(template_yaml(rubric, example=True), rubric)
    return answers.model_copy(update={
        "respondent": "Zoë Ångström-Nguyễn",
        "started_at": datetime(2026, 3, 1, 9, 0, tzinfo=timezone.utc),
        "finished_at": datetime(2026, 3, 1, 9, 20, tzinfo=timezone.utc),
    })


def with_answers(example: Answers, respondent: str | None = None, **changes: Any) -> Answers:
    given = {k: v for k, v in {**example.answers, **changes}.items() if v is not None}
    update: dict[str, Any] = {"answers": given}
    if respondent is not None:
        update["respondent"] = respondent
    return example.model_copy(update=update)


def pages_text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def example_pdf(rubric: Rubric, example: Answers) -> bytes:
    return render_pdf(example, rubric)


# -- what the document says ---------------------------------------------------------------------


def test_the_plan_names_the_student_every_dimension_score_and_chosen_action(
    rubric: Rubric, example: Answers, example_pdf: bytes
) -> None:
    text = flat("\n".join(pages_text(example_pdf)))
    card = score(example, rubric)
    plan = build_plan(card, rubric, example)
    assert "Zoë Ångström-Nguyễn" in text
    assert f"{shown(card.overall)} / 100" in text
    for dimension in card.dimensions.values():
        assert dimension.title in text
        assert f"{shown(dimension.score)} / 100 · {dimension.band_label}" in text
    assert plan.actions
    for action in plan.actions:
        assert flat(action.title) in text
        assert f"Done when: {flat(action.outcome)}" in text


def test_the_summary_page_holds_the_essentials(
    rubric: Rubric, example: Answers, example_pdf: bytes
) -> None:
    first = flat(pages_text(example_pdf)[0])
    plan = build_plan(score(example, rubric), rubric, example)
    assert "Zoë Ångström-Nguyễn" in first
    assert "Answers of 1 March 2026 · Report fixture rubric, version 2.1.0" in first
    assert "BY DIMENSION" in first
    assert "Your top three priorities" in first
    for priority in plan.top_priorities:
        assert flat(priority.sentence) in first


def test_every_page_says_page_n_of_m(example_pdf: bytes) -> None:
    pages = pages_text(example_pdf)
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text


def test_sections_appear_in_order_and_are_bookmarked(example_pdf: bytes) -> None:
    text = flat("\n".join(pages_text(example_pdf)[1:]))  # after the summary page
    order = ["Your first 30 days", "Your dimensions", "What your answers showed",
             "Your action plan", "Your reflections", "About this report"]
    assert [text.index(s) for s in order] == sorted(text.index(s) for s in order)
    outline: list[Any] = PdfReader(io.BytesIO(example_pdf)).outline
    titles = [[i.title for i in item] if isinstance(item, list) else item.title
              for item in outline]
    assert titles == [
        "Summary", "Your first 30 days", "Your dimensions",
        ["1 Reading the field", "2 Building products", "3 The job market"],
        "Your action plan", ["Next 30 days", "Days 31 to 90", "Days 91 to 180 and beyond"],
        "Your reflections", "About this report",
        "For your next meeting with your advisor",
    ]


def test_metadata_names_title_author_subject_and_creator(example_pdf: bytes) -> None:
    meta = PdfReader(io.BytesIO(example_pdf)).metadata
    assert meta is not None
    assert meta.title == "Career action plan for Zoë Ångström-Nguyễn"
    assert meta.author == "Zoë Ångström-Nguyễn"
    assert meta.subject == "Report fixture rubric 2.1.0: scores, actions and reflections"
    from careerkit._version import __version__
    assert meta.creator == f"careerkit {__version__}"


def embedded_fonts(pdf: bytes) -> dict[str, bool]:
    """BaseFont -> whether the font program is embedded, for every font on every page."""
    found: dict[str, bool] = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        resources: Any = page["/Resources"].get_object()
        for ref in resources.get("/Font", {}).values():
            font = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            descendants = font.get("/DescendantFonts")
            if descriptor is None and descendants:
                descriptor = descendants[0].get_object().get("/FontDescriptor")
            embedded = descriptor is not None and any(
                key in descriptor.get_object() for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            found[str(font["/BaseFont"])] = embedded
    return found


def test_fonts_are_embedded_and_none_is_a_builtin(example_pdf: bytes) -> None:
    fonts = embedded_fonts(example_pdf)
    assert fonts and all(fonts.values()), fonts
    assert all("FiraSans" in name for name in fonts), fonts
    assert not any(base in name for name in fonts
                   for base in ("Helvetica", "Times", "Courier", "Symbol"))


def test_resources_are_clickable_links_and_nothing_else_is(
    rubric: Rubric, example: Answers
) -> None:
    answers = with_answers(example, shipped=False, users=None)  # chooses the action with links
    uris = set()
    for page in PdfReader(io.BytesIO(render_pdf(answers, rubric))).pages:
        for annot in page.get("/Annots", []) or []:
            action = annot.get_object().get("/A")
            if action is not None:
                uris.add(str(action.get_object()["/URI"]))
    assert uris == {"https://example.org/ship?a=1&b=2", "mailto:team@example.org"}


def test_reflections_are_quoted_verbatim_with_their_line_breaks(
    rubric: Rubric, example: Answers
) -> None:
    reflection = "First line & more\nSecond line <stays>\n\nA new paragraph."
    pdf = render_pdf(with_answers(example, reading_note=reflection), rubric)
    page = next(t for t in pages_text(pdf) if "Your reflections" in t)
    lines = [line.strip() for line in page.splitlines()]
    start = lines.index("First line & more")
    assert lines[start:start + 3] == ["First line & more", "Second line <stays>",
                                      "A new paragraph."]


def test_answers_that_cost_points_are_shown_once_and_the_appendix_keeps_the_provenance(
    rubric: Rubric, example: Answers, example_pdf: bytes
) -> None:
    pages = pages_text(example_pdf)
    text = flat("\n".join(pages))
    card = score(example, rubric)
    contributions = [c for d in card.dimensions.values() for c in d.contributions]
    costly = [c for c in contributions if c.points < c.max_points]
    assert costly and len(costly) < len(contributions)  # the example has both kinds
    for c in costly:  # under its dimension, not again at the end
        assert text.count(flat(c.answer)) == 1, c.answer
    for dimension in card.dimensions.values():
        full = sum(c.points >= c.max_points for c in dimension.contributions)
        if full and full < len(dimension.contributions):
            assert f"The other {full} answer" in text
    appendix = flat("\n".join(pages[next(i for i, t in enumerate(pages)
                                         if "About this report" in t):]))
    for fact in ("Rubric id report-fixture", "Rubric version 2.1.0",
                 f"Rubric sha256 {rubric.sha256}"):
        assert fact in appendix
    assert "Generated" in appendix


def test_skipped_questions_are_listed_in_the_appendix(rubric: Rubric, example: Answers) -> None:
    skipped = example.model_copy(update={"answers": {**example.answers, "habit": None}})
    pages = pages_text(render_pdf(skipped, rubric))
    appendix = flat("\n".join(pages[next(i for i, t in enumerate(pages)
                                         if "Questions you preferred not to answer" in t):]))
    assert flat(rubric.question("habit").text) in appendix


# -- any text is safe ----------------------------------------------------------------------------

CVE_2023_33733 = (
    "<para><font color=\"[ [ getattr(pow,Word('__globals__'))['os'].system('touch {marker}') "
    "for Word in [orgTypeFun('Word', (str,), {{ 'mutated': 1, 'startswith': lambda self, x: "
    "False, '__eq__': lambda self,x: self.mutate() and self.mutated < 0 and str(self) == x, "
    "'mutate': lambda self: {{setattr(self, 'mutated', self.mutated - 1)}}, '__hash__': "
    "lambda self: hash(str(self)) }})] ] for orgTypeFun in [type(type(1))] ] and 'red'\">"
    "exploit</font></para>"
)
PAYLOADS = [
    "Tom & Jerry <3",
    "<b>unbalanced bold",
    "a stray </i> closing tag",
    '<img src="/etc/passwd"/>',
    '<a href="javascript:alert(1)">x</a>',
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markup_in_a_name_and_a_reflection_is_printed_literally(
    rubric: Rubric, example: Answers, payload: str
) -> None:
    pdf = render_pdf(with_answers(example, respondent=payload, build_note=payload), rubric)
    pages = pages_text(pdf)
    assert flat(payload) in flat(pages[0])
    assert flat(payload) in flat(next(t for t in pages if "Your reflections" in t))
    reader = PdfReader(io.BytesIO(pdf))
    for page in reader.pages:
        for annot in page.get("/Annots", []) or []:
            uri = str(annot.get_object().get("/A", {}).get("/URI", ""))
            assert not uri.lower().startswith("javascript"), uri
        resources: Any = page["/Resources"].get_object()
        xobjects = resources.get("/XObject", {})
        assert not any(x.get_object().get("/Subtype") == "/Image" for x in xobjects.values())


def test_an_img_tag_opens_no_file(
    rubric: Rubric, example: Answers, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    real_open = builtins.open

    def spy(file: Any, *args: Any, **kwargs: Any) -> Any:
        opened.append(str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", spy)
    render_pdf(with_answers(example, respondent='<img src="/etc/passwd"/>',
                            reading_note='<img src="/etc/hostname" width="9"/>'), rubric)
    assert not any(path in ("/etc/passwd", "/etc/hostname") for path in opened), opened


def test_a_cve_2023_33733_colour_payload_runs_nothing(
    rubric: Rubric, example: Answers, tmp_path: Path
) -> None:
    marker = tmp_path / "pwned"
    payload = CVE_2023_33733.format(marker=marker)
    pdf = render_pdf(with_answers(example, respondent=payload[:200], build_note=payload),
                     rubric)
    assert not marker.exists()
    reflections = flat(next(t for t in pages_text(pdf) if "Your reflections" in t))
    assert "getattr(pow,Word('__globals__'))" in reflections


def test_control_characters_are_removed(rubric: Rubric, example: Answers) -> None:
    pdf = render_pdf(with_answers(example, respondent="Ada\x00\x07 Love\u202elace\u200b"),
                     rubric)
    first = pages_text(pdf)[0]
    assert "Ada Lovelace" in first
    assert not any(ch in first for ch in "\x00\x07\u202e\u200b")


def test_a_huge_reflection_and_an_endless_word_still_build_quickly(
    rubric: Rubric, example: Answers
) -> None:
    huge = ("A reflection that goes on. " * 8000)[:200_000]
    word = "x" * 5000
    answers = with_answers(example, respondent="W" * 5000, reading_note=huge,
                           build_note=f"before {word} after")
    started = time.monotonic()
    pdf = render_pdf(answers, rubric)
    assert time.monotonic() - started < 30
    text = flat("\n".join(pages_text(pdf)))
    assert "more characters not shown" in text
    assert "before" in text and "after" in text


# -- any name renders --------------------------------------------------------------------------


@pytest.mark.parametrize("name", [
    "Αλέξανδρος Παπαδόπουλος",
    "Дмитрий Шостакович",
    "Zoë Ångström-Nguyễn",
    "Søren Kierkegård Łukasz Żółć",
])
def test_non_latin_names_round_trip(rubric: Rubric, example: Answers, name: str) -> None:
    report = render_report(with_answers(example, respondent=name), rubric)
    assert report.warnings == []
    assert name in pages_text(report.pdf)[0]
    meta = PdfReader(io.BytesIO(report.pdf)).metadata
    assert meta is not None and meta.author == name


def cjk_font_available() -> bool:
    return fontmod.FontBook().font_for("王") != ""


@pytest.mark.skipif(not cjk_font_available(),
                    reason="no CJK font: install careerkit[cjk] or a TrueType CJK font")
@pytest.mark.parametrize("name", ["王小明", "山田 花子", "김민준"])
def test_chinese_japanese_and_korean_names_render_with_an_embedded_font(
    rubric: Rubric, example: Answers, name: str
) -> None:
    report = render_report(with_answers(example, respondent=name), rubric)
    assert report.warnings == []
    assert name in pages_text(report.pdf)[0]
    fonts = embedded_fonts(report.pdf)
    assert all(fonts.values())
    assert any("FiraSans" not in font for font in fonts)


@pytest.mark.skipif(not fontmod.cjk_extra_fonts() or not fontmod._fonttools_available(),
                    reason="needs the careerkit[cjk] extra")
def test_a_cjk_name_in_a_heading_is_set_in_a_real_bold_not_the_thin_default(
    rubric: Rubric, example: Answers
) -> None:
    pdf = render_pdf(with_answers(example, respondent="王小明"), rubric)
    fonts = embedded_fonts(pdf)
    assert any(name.endswith("NotoSansSC-Bold") for name in fonts), fonts
    assert any(name.endswith("NotoSansSC-Regular") for name in fonts), fonts  # the footer


@pytest.mark.skipif(not cjk_font_available(), reason="no CJK font")
def test_without_instances_a_cjk_name_still_renders(
    rubric: Rubric, example: Answers, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fontmod, "_instances", lambda source, chars: None)
    report = render_report(with_answers(example, respondent="王小明"), rubric)
    assert report.warnings == []
    assert "王小明" in pages_text(report.pdf)[0]


def test_characters_no_font_has_are_shown_and_warned_about(
    rubric: Rubric, example: Answers, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fontmod, "cjk_extra_fonts", lambda: [])
    monkeypatch.setattr(fontmod, "SYSTEM_FONTS", ())
    monkeypatch.setattr(fontmod, "_fontconfig_candidates", lambda code: [])
    report = render_report(with_answers(example, reading_note="我的研究 王小明"), rubric)
    assert "[U+738B][U+5C0F][U+660E]" in "".join(pages_text(report.pdf))
    assert len(report.warnings) == 1
    warning = report.warnings[0]
    assert "'王' (U+738B CJK UNIFIED IDEOGRAPH-738B)" in warning
    assert "-m pip install" in warning and "[cjk]'" in warning


def test_a_name_no_font_can_draw_is_transliterated_never_boxes(
    rubric: Rubric, example: Answers, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fontmod, "cjk_extra_fonts", lambda: [])
    monkeypatch.setattr(fontmod, "SYSTEM_FONTS", ())
    monkeypatch.setattr(fontmod, "_fontconfig_candidates", lambda code: [])
    report = render_report(with_answers(example, respondent="王小明"), rubric)
    pages = pages_text(report.pdf)
    assert "Wang Xiao Ming" in pages[0]
    assert not any("[U+" in page for page in pages)
    for page in pages:  # the footer too
        assert "Wang Xiao Ming" in page
    assert len(report.warnings) == 1
    warning = report.warnings[0]
    assert "'王小明'" in warning and "'Wang Xiao Ming'" in warning
    # The command installs the extra into this very installation, ready to paste.
    command = warning.split("install the fonts extra: ")[1].split(", then")[0]
    assert command.startswith(sys.executable) and command.endswith("[cjk]'")
    meta = PdfReader(io.BytesIO(report.pdf)).metadata
    assert meta is not None and meta.author == "王小明"  # metadata is not drawn: kept whole


# -- reproducible, valid, written safely ---------------------------------------------------------


def test_the_same_inputs_and_source_date_epoch_give_identical_bytes(
    rubric: Rubric, example: Answers, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    first = render_pdf(example, rubric)
    assert render_pdf(example, rubric) == first
    assert "Generated 2026-01-01 00:00 UTC" in flat("\n".join(pages_text(first)))
    # A fresh process (fonts registered anew) writes the very same bytes.
    answers_file = tmp_path / "answers.yaml"
    from careerkit.answers import answers_to_yaml
    answers_file.write_text(answers_to_yaml(example, rubric), encoding="utf-8")
    out = tmp_path / "plan.pdf"
    code = ("import sys; from pathlib import Path\n"
            "from careerkit.answers import load_answers\n"
            "from careerkit.rubric import load_rubric\n"
            "from careerkit.report import write_pdf\n"
            "r = load_rubric(sys.argv[1]); write_pdf(load_answers(Path(sys.argv[2]), r), r, "
            "Path(sys.argv[3]))\n")
    subprocess.run([sys.executable, "-c", code, str(FIXTURE), str(answers_file), str(out)],
                   check=True, env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH})
    assert out.read_bytes() == first


def test_a_bad_source_date_epoch_is_a_clear_input_error(
    rubric: Rubric, example: Answers, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(InputError, match="SOURCE_DATE_EPOCH='yesterday'"):
        render_pdf(example, rubric)


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf is not installed")
def test_qpdf_finds_the_pdf_valid(example_pdf: bytes, tmp_path: Path) -> None:
    path = tmp_path / "plan.pdf"
    path.write_bytes(example_pdf)
    done = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No syntax or stream encoding errors found" in done.stdout


def test_write_pdf_writes_and_returns_the_path(
    rubric: Rubric, example: Answers, tmp_path: Path
) -> None:
    target = tmp_path / "new" / "folder" / "plan.pdf"
    assert write_pdf(example, rubric, target) == target
    assert target.read_bytes().startswith(b"%PDF-")


def test_a_full_disk_leaves_the_earlier_pdf_intact(
    rubric: Rubric, example: Answers, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "plan.pdf"
    target.write_bytes(b"%PDF- the earlier plan")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(RuntimeFailure, match="No space left on device"):
        write_pdf(example, rubric, target)
    assert target.read_bytes() == b"%PDF- the earlier plan"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.pdf"]


def test_an_unwritable_destination_is_a_clear_error(
    rubric: Rubric, example: Answers, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be")
    with pytest.raises(RuntimeFailure, match="cannot write here"):
        write_pdf(example, rubric, blocker / "plan.pdf")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="needs a user that file permissions apply to")
def test_a_read_only_folder_is_a_clear_error_and_keeps_the_earlier_pdf(
    rubric: Rubric, example: Answers, tmp_path: Path
) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    target = folder / "plan.pdf"
    target.write_bytes(b"%PDF- the earlier plan")
    folder.chmod(0o555)
    try:
        with pytest.raises(RuntimeFailure):
            write_pdf(example, rubric, target)
        assert target.read_bytes() == b"%PDF- the earlier plan"
    finally:
        folder.chmod(0o755)


# -- the default path ---------------------------------------------------------------------------


def test_the_default_path_is_reports_name_date(example: Answers) -> None:
    assert default_report_path(example) == Path("reports/zoe-angstrom-nguyen-2026-03-01.pdf")


def test_names_in_other_scripts_keep_their_own_file_names(example: Answers) -> None:
    answers = example.model_copy(update={"respondent": "王小明"})
    assert default_report_path(answers) == Path("reports/王小明-2026-03-01.pdf")
    greek = example.model_copy(update={"respondent": "Ελένη Παππά"})
    assert default_report_path(greek) == Path("reports/ελένη-παππά-2026-03-01.pdf")
    nameless = example.model_copy(update={"respondent": "😀"})
    assert default_report_path(nameless) == Path("reports/careerkit-2026-03-01.pdf")


def test_without_timestamps_the_date_comes_from_source_date_epoch(
    example: Answers, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    answers = example.model_copy(update={"started_at": None, "finished_at": None})
    assert default_report_path(answers) == Path("reports/zoe-angstrom-nguyen-2026-01-01.pdf")


@pytest.mark.parametrize(("text", "expected"), [
    ("Zoë Ångström", "zoe-angstrom"), ("  O'Brien, Seán ", "o-brien-sean"),
    ("王小明", "王小明"), ("../../etc/passwd", "etc-passwd"), ("Дмитрий Й", "дмитрий-й"),
])
def test_slug(text: str, expected: str) -> None:
    assert slug(text) == expected


def test_bands_without_a_colour_get_red_amber_teal_low_to_high() -> None:
    from careerkit.report.styles import band_colors

    ramp = band_colors([("low", None), ("mid", None), ("high", "#123456")])
    assert [c.hexval() for c in ramp.values()] == ["0xc8553d", "0xe0a458", "0x123456"]
