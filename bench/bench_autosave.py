"""How long does the quiz take between two questions? A benchmark, not a test.

    python bench/bench_autosave.py [--rounds 5] [--home DIR]

Measures, for the bundled default rubric:

1. autosave: `AttemptStore.save` (answers -> YAML -> temp file -> fsync -> rename ->
   fsync of the folder), at every fill level of a full attempt;
2. the flow: everything `run_quiz` does between two `ask` calls (conditions, dropping
   hidden answers, building the next prompt) including the autosave;
3. the prompt: building and running one rich questionary prompt for a question (fed an
   Enter through a pipe, rendering to an in-memory terminal), i.e. the CPU cost of a
   screen change;
4. with --pty (needs pexpect): the installed `careerkit take` in a pseudo-terminal, from
   the key that answers a question to the next question's prompt on screen.

Use --home to measure on the disk your real data folder lives on (fsync cost depends
on it); the default is a fresh temporary folder.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from careerkit.answers import Answers, answers_to_yaml, asked_questions, pin
from careerkit.quiz import QuestionPrompt, ReviewScreen, run_quiz
from careerkit.rubric import Rubric, load_rubric
from careerkit.store import AttemptStore

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from test_take_e2e import choose, keys_for  # what a student would type


def full_answers(rubric: Rubric) -> dict[str, Any]:
    values: dict[str, Any] = {}
    while True:
        todo = [q for q in asked_questions(rubric, values) if q.id not in values]
        if not todo:
            return values
        values[todo[0].id] = choose(rubric, todo[0])


def ms(samples: list[float]) -> str:
    ordered = sorted(samples)
    p90 = ordered[int(0.9 * (len(ordered) - 1))]
    return (f"median {statistics.median(ordered) * 1000:6.2f} ms   "
            f"p90 {p90 * 1000:6.2f} ms   max {ordered[-1] * 1000:6.2f} ms   "
            f"(n={len(ordered)})")


def bench_autosave(rubric: Rubric, home: Path, rounds: int) -> list[float]:
    store = AttemptStore(rubric.id, home=home)
    values = full_answers(rubric)
    ids = list(values)
    samples: list[float] = []
    with store.session():
        for _ in range(rounds):
            for count in range(1, len(ids) + 1):
                attempt = Answers(rubric=pin(rubric), respondent="Bench",
                                  answers={k: values[k] for k in ids[:count]})
                start = time.perf_counter()
                store.save(answers_to_yaml(attempt, rubric))
                samples.append(time.perf_counter() - start)
        store.discard()
    return samples


def bench_flow(rubric: Rubric, home: Path, rounds: int) -> list[float]:
    values = full_answers(rubric)
    store = AttemptStore(rubric.id, home=home)
    samples: list[float] = []
    with store.session():
        last = [0.0]

        def ask(prompt: QuestionPrompt) -> Any:
            now = time.perf_counter()
            if last[0]:
                samples.append(now - last[0])
            value = values[prompt.question.id]
            last[0] = time.perf_counter()
            return value

        def review(screen: ReviewScreen) -> str | None:
            last[0] = 0.0
            return None

        for _ in range(rounds):
            run_quiz(rubric, Answers(rubric=pin(rubric)), ask, review=review,
                     autosave=lambda answers: store.save(answers_to_yaml(answers, rubric)))
        store.discard()
    return samples


def bench_prompt(rubric: Rubric, rounds: int) -> list[float]:
    from prompt_toolkit.data_structures import Size
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output.vt100 import Vt100_Output

    from careerkit.prompts import RichUI
    from careerkit.quiz import Progress
    from careerkit.rubric import (
        LikertQuestion,
        MultipleChoiceQuestion,
        SingleChoiceQuestion,
        TextQuestion,
        YesNoQuestion,
    )

    samples: list[float] = []
    with create_pipe_input() as pipe:
        output = Vt100_Output(io.StringIO(), lambda: Size(rows=24, columns=80),
                              term="xterm-256color", enable_cpr=False)
        ui = RichUI(input=pipe, output=output)
        for _ in range(rounds):
            for dimension, question in rubric.questions():
                options = (tuple(rubric.options(question))
                           if isinstance(question, (LikertQuestion, SingleChoiceQuestion,
                                                    MultipleChoiceQuestion)) else ())
                prompt = QuestionPrompt(
                    question=question, dimension=dimension, options=options,
                    progress=Progress(number=1, total=30, section=1, sections=6, answered=0),
                    has_previous=False, previous=None, can_go_back=True, new_section=True)
                keys = {YesNoQuestion: "y", TextQuestion: "x\r\r"}.get(type(question), "\r")
                if question.type == "number":
                    keys = "1\r"
                pipe.send_text(keys)
                start = time.perf_counter()
                ui.ask(prompt)
                samples.append(time.perf_counter() - start)
    return samples


def bench_pty(rubric: Rubric, home: Path, rounds: int) -> list[float]:
    import pexpect

    samples: list[float] = []
    command = Path(sys.executable).parent / "careerkit"
    env = {"CAREERKIT_HOME": str(home), "TERM": "xterm-256color", "PATH": "/usr/bin:/bin",
           "PROMPT_TOOLKIT_NO_CPR": "1"}
    for _ in range(rounds):
        child = pexpect.spawn(str(command), ["take", "--restart", "--name", "Bench"],
                              env=env, dimensions=(24, 80), encoding="utf-8", timeout=20)
        child.expect("Press Enter to begin")
        child.send("\r")
        values: dict[str, Any] = {}
        sent = 0.0
        while True:
            asked = asked_questions(rubric, values)
            todo = [q for q in asked if q.id not in values]
            if not todo:
                break
            question = todo[0]
            child.expect(f"Question {asked.index(question) + 1} of")
            child.expect("Your answer")
            if sent:
                samples.append(time.perf_counter() - sent)
            value = choose(rubric, question)
            sent = time.perf_counter()
            child.send(keys_for(rubric, question, value, plain=False))
            values[question.id] = value
        child.expect("Review your answers")
        child.terminate(force=True)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--pty", action="store_true",
                        help="also time the installed command in a pseudo-terminal")
    parser.add_argument("--home", type=Path, default=None,
                        help="data folder to write in (default: a temporary folder)")
    args = parser.parse_args()
    rubric = load_rubric()
    with tempfile.TemporaryDirectory(prefix="careerkit-bench-") as temporary:
        home = args.home or Path(temporary)
        print(f"rubric {rubric.id} {rubric.version}, "
              f"{len(list(rubric.questions()))} questions; data folder {home}")
        print(f"autosave per answer:          {ms(bench_autosave(rubric, home, args.rounds))}")
        print(f"flow between two questions:   {ms(bench_flow(rubric, home, args.rounds))}")
        print(f"rich prompt (build + run):    {ms(bench_prompt(rubric, args.rounds))}")
        if args.pty:
            print(f"keypress to next question:    {ms(bench_pty(rubric, home, args.rounds))}")


if __name__ == "__main__":
    main()
