"""What making a PDF costs a process, and what it leaves behind (careerkit.report.engine)."""

from __future__ import annotations

import gc
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from typer.testing import Result

from careerkit.answers import parse_answers, template_yaml
from careerkit.report import render_pdf
from careerkit.rubric import load_rubric

FIXTURE = Path(__file__).parent / "data" / "report" / "plan.yaml"


def test_pillow_still_works_after_a_plan_was_made() -> None:
    """A plan registers Pillow as a lazy module (bench/README.md); anything that uses
    Pillow afterwards must still get the real thing."""
    code = f"""
from careerkit.answers import parse_answers, template_yaml
from careerkit.report import render_pdf
from careerkit.rubric import load_rubric
rubric = load_rubric({str(FIXTURE)!r})
render_pdf(parse_answers(template_yaml(rubric, example=True), rubric), rubric)
from PIL import Image
print("pillow works:", Image.new("RGB", (2, 2)).size == (2, 2))
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "pillow works: True"


def test_making_a_pdf_leaves_the_process_as_it_was() -> None:
    from reportlab import rl_config

    rubric = load_rubric(FIXTURE)
    answers = parse_answers(template_yaml(rubric, example=True), rubric)
    use_a85 = rl_config.useA85
    pdf = render_pdf(answers, rubric)
    assert gc.isenabled()
    assert rl_config.useA85 == use_a85
    assert b"/ASCII85Decode" not in pdf  # compressed streams, not also a quarter larger
    gc.disable()
    try:
        render_pdf(answers, rubric)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_report_command_leaves_the_collector_as_it_was(
        cli: Callable[..., Result], tmp_path: Path) -> None:
    """`careerkit report` pauses the collector for the whole command (bench/README.md),
    on success and on failure, and leaves it as it found it."""
    rubric = load_rubric(FIXTURE)
    answers = tmp_path / "answers.yaml"
    answers.write_text(template_yaml(rubric, example=True), encoding="utf-8")
    done = cli("report", answers, "--rubric", FIXTURE, "-o", tmp_path / "plan.pdf")
    assert done.exit_code == 0, done.output
    assert (tmp_path / "plan.pdf").read_bytes().startswith(b"%PDF")
    assert gc.isenabled()
    failed = cli("report", tmp_path / "missing.yaml", "-o", tmp_path / "other.pdf")
    assert failed.exit_code == 2
    assert gc.isenabled()
    gc.disable()
    try:
        cli("report", answers, "--rubric", FIXTURE, "-o", tmp_path / "again.pdf")
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_command_line_ends_without_collecting_and_loses_nothing(tmp_path: Path) -> None:
    """`careerkit` freezes what is alive when its command ends, so that shutdown does not
    walk it all (bench/README.md): the PDF is whole, what was printed arrives, and the
    exit code is the command's."""
    rubric = load_rubric(FIXTURE)
    answers = tmp_path / "answers.yaml"
    answers.write_text(template_yaml(rubric, example=True), encoding="utf-8")
    pdf = tmp_path / "plan.pdf"
    done = subprocess.run([sys.executable, "-m", "careerkit", "report", str(answers),
                           "--rubric", str(FIXTURE), "-o", str(pdf), "--no-compare"],
                          capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(pdf)
    assert pdf.read_bytes().rstrip().endswith(b"%%EOF")
    missing = subprocess.run([sys.executable, "-m", "careerkit", "report",
                              str(tmp_path / "missing.yaml")], capture_output=True,
                             text=True, cwd=tmp_path)
    assert missing.returncode == 2
    assert "missing.yaml" in missing.stderr
    code = ("import gc, sys\nfrom careerkit.cli import main\nsys.argv = ['careerkit', "
            "'--version']\ntry:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(gc.get_freeze_count() > 0)\n")
    frozen = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert frozen.stdout.splitlines()[-1] == "True"


def test_what_survives_a_pause_is_aged_not_frozen_and_its_cycles_are_still_found() -> None:
    """After the pause the youngest generation is empty (no collection of everything the
    build allocated on the next allocation: bench/README.md), nothing stays frozen, a
    cycle dropped inside the pause is freed by the next full collection, and objects
    someone froze on purpose stay frozen."""
    import weakref

    from careerkit.report.engine import gc_paused

    class Node:
        other: Node | None = None

    # Some interpreters start with objects frozen (Python 3.12: 375); aging then stands
    # aside, so as not to unfreeze them.
    before = gc.get_freeze_count()
    with gc_paused(age_survivors=True):
        first, second = Node(), Node()
        first.other, second.other = second, first
        alive = weakref.ref(first)
        kept = [[] for _ in range(5000)]
        del first, second
    assert gc.isenabled()
    if before == 0:  # aged: no young collection follows, and the cycle waits for a full one
        assert gc.get_count()[0] < 700  # below the threshold that starts a collection
        assert alive() is not None
    assert gc.get_freeze_count() == before
    gc.collect()
    assert alive() is None
    assert len(kept) == 5000
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with gc_paused(age_survivors=True):
            more = [[] for _ in range(100)]
        assert gc.get_freeze_count() == frozen
        assert more
    finally:
        gc.unfreeze()


def test_a_library_pause_leaves_its_cycles_to_the_young_collections() -> None:
    """A process that makes many documents (a server, a notebook, this test run) must not
    keep each one's dropped cycles until a rare full collection: without aging, the
    young collections that follow the pause free them."""
    import weakref

    from careerkit.report.engine import gc_paused

    class Node:
        other: Node | None = None

    gc.collect()
    with gc_paused():
        first, second = Node(), Node()
        first.other, second.other = second, first
        alive = weakref.ref(first)
        filler = [[] for _ in range(3000)]  # a young generation past its threshold
        del first, second
    after = [[] for _ in range(5000)]  # allocations start young collections
    assert alive() is None
    assert filler and after
