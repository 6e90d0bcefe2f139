"""Many students' answers -> one anonymous cohort summary.

An advisor points careerkit at a folder of answers files. Each is scored with one rubric;
what is kept per student is a small record (scores, bands, chosen action ids), never a
name, so memory grows only with those records. The summary suppresses every figure that
rests on fewer than `min_group` students, so that no one is identifiable in a small group.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import statistics
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from pydantic import Field

from careerkit.answers import checked_answers, respondent_key
from careerkit.display import exact_text
from careerkit.errors import CareerkitError, InputError, Problem, first_problem
from careerkit.plan import chosen_action_ids
from careerkit.rubric import Band, Model, Rubric, band_for
from careerkit.scoring import quick_scores
from careerkit.spreadsheet import csv_lines
from careerkit.yamlio import load_yaml_text, read_text_file

__all__ = [
    "DEFAULT_MIN_GROUP",
    "CohortSummary",
    "Skipped",
    "StudentRecord",
    "build_summary",
    "find_answer_files",
    "hidden_cells",
    "read_cohort",
    "skip_problem",
    "students_csv",
]

DEFAULT_MIN_GROUP = 5
SMALLEST_MIN_GROUP = 3  # a "group" of two lets each member work out the other's scores
MAX_ANSWERS_BYTES = 512 * 1024
YAML_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Skipped:
    """A file or folder left out of the summary, and why (kept structured until said)."""

    path: Path
    problem: Problem

    @property
    def reason(self) -> str:
        """Why, in one line that names the file once: `FILE[:LINE]: message`."""
        return str(self.problem.in_file(self.path))


@dataclass
class StudentRecord:
    """What the cohort keeps of one student: no name, no answers."""

    key: str  # a hash of the respondent's name (or file), to spot the same student twice
    when: datetime
    overall: float | None
    scores: tuple[float | None, ...]  # per dimension, in rubric order
    actions: tuple[str, ...]


@dataclass
class CohortRead:
    students: list[StudentRecord]
    skipped: list[Skipped] = field(default_factory=list)
    ignored: int = 0  # files that are not YAML
    duplicates: int = 0  # earlier attempts of a student already counted


def find_answer_files(paths: Iterable[Path], unreadable: list[Skipped] | None = None
                      ) -> tuple[list[Path], int]:
    """The YAML files under the given files and folders (sorted), and how many others.

    Folders that cannot be read are added to `unreadable` (when given), so that the
    students in them are reported missing rather than silently dropped. Links to
    folders are not followed (a loop, or a way out of the cohort folder).
    """
    found: list[Path] = []
    ignored = 0

    def cannot_read(error: OSError) -> None:
        if unreadable is not None:
            where = Path(error.filename or "?")
            unreadable.append(Skipped(where, Problem(
                None, None, (), f"cannot read this folder ({error.strerror or 'unreadable'}); "
                "the answers files in it are not counted")))

    for path in paths:
        if not os.path.lexists(path):
            raise InputError(f"{path}: no such file or folder")
        if path.is_dir():
            for root, folders, files in os.walk(path, onerror=cannot_read):
                folders[:] = sorted(f for f in folders if not f.startswith("."))
                for name in sorted(files):
                    if name.startswith("."):
                        continue
                    if name.endswith(YAML_SUFFIXES):
                        found.append(Path(root) / name)
                    else:
                        ignored += 1
        else:
            found.append(path)
    return found, ignored


def _student_key(respondent: str, path: Path) -> str:
    name = respondent_key(respondent)
    basis = f"name:{name}" if name else f"file:{path.resolve()}"
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()


def read_one(path: Path, rubric: Rubric) -> StudentRecord:
    """Score one answers file into a record; raise a careerkit error when it is unusable."""
    text = read_text_file(path, max_bytes=MAX_ANSWERS_BYTES, what="answers file")
    doc = load_yaml_text(text, path)
    answers = checked_answers(doc, rubric)
    overall, scores = quick_scores(answers, rubric)
    stamp = answers.finished_at or answers.started_at or datetime.fromtimestamp(0, timezone.utc)
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=timezone.utc)
    return StudentRecord(
        key=_student_key(answers.respondent, path),
        when=stamp,
        overall=overall,
        scores=tuple(scores.values()),
        actions=tuple(chosen_action_ids(scores, rubric, answers)),
    )


def read_cohort(files: Iterable[Path], rubric: Rubric, *, workers: int | None = None,
                on_read: Callable[[int], None] | None = None) -> CohortRead:
    """Score every file; keep each student's latest attempt; list what was skipped.

    Large cohorts are read by one process per core (the files are independent); the
    result is the same as reading them in order in one process. `on_read(n)` is told
    how many files have been read so far, for a progress bar.
    """
    paths = list(files)
    latest: dict[str, StudentRecord] = {}
    skipped: list[Skipped] = []
    duplicates = 0
    for done, (path, outcome) in enumerate(_read_all(paths, rubric, workers), 1):
        if on_read is not None:
            on_read(done)
        if isinstance(outcome, Problem):
            skipped.append(Skipped(path, outcome))
            continue
        earlier = latest.get(outcome.key)
        if earlier is not None:
            duplicates += 1
            if earlier.when > outcome.when:
                continue
        latest[outcome.key] = outcome
    return CohortRead(students=list(latest.values()), skipped=skipped, duplicates=duplicates)


PARALLEL_FROM = 400  # below this, starting processes costs more than it saves
CHUNK = 250


def _read_all(paths: list[Path], rubric: Rubric, workers: int | None
              ) -> Iterator[tuple[Path, StudentRecord | Problem]]:
    count = workers if workers is not None else min(os.cpu_count() or 1, 8)
    if count > 1 and len(paths) >= PARALLEL_FROM:
        try:
            yield from _read_parallel(paths, rubric, count)
            return
        except (OSError, ImportError, RuntimeError):  # no processes here: read in this one
            pass
    for path in paths:  # one at a time, so that progress can be shown as it goes
        yield from _read_chunk([path], rubric)


def _read_chunk(paths: list[Path], rubric: Rubric) -> list[tuple[Path, StudentRecord | Problem]]:
    out: list[tuple[Path, StudentRecord | Problem]] = []
    for path in paths:
        try:
            out.append((path, read_one(path, rubric)))
        except CareerkitError as exc:
            out.append((path, skip_problem(exc)))
        except Exception as exc:  # one odd file must not sink a cohort of thousands
            out.append((path, Problem(None, None, (), f"could not be read "
                                      f"({type(exc).__name__}); this is a bug in careerkit, "
                                      "please report it")))
    return out


_QUOTED = re.compile(r"'[^'\n]*'|\"[^\"\n]*\"")
_KNOWN_KEYS = {"careerkit_answers", "rubric", "id", "version", "sha256", "respondent",
               "started_at", "finished_at", "answers"}


def skip_problem(exc: CareerkitError) -> Problem:
    """Why a file was skipped, where the error says, but never repeating what is in the
    file: a cohort folder may hold links to any file the advisor can read (the first line
    of /etc/shadow would otherwise be quoted as an "unknown key"). A location is kept only
    when every key in it is an answers-file key; quoted values become "(...)"."""
    first = first_problem(exc)
    known = all(isinstance(step, int) or step in _KNOWN_KEYS for step in first.location)
    return Problem(first.file, first.line, first.location if known else (),
                   _QUOTED.sub("(...)", first.message))


_WORKER_RUBRIC: list[Rubric] = []


def _init_worker(rubric: Rubric) -> None:
    _WORKER_RUBRIC[:] = [rubric]


def _read_chunk_in_worker(paths: list[Path]) -> list[tuple[Path, StudentRecord | Problem]]:
    return _read_chunk(paths, _WORKER_RUBRIC[0])


def _read_parallel(paths: list[Path], rubric: Rubric, workers: int
                   ) -> Iterator[tuple[Path, StudentRecord | Problem]]:
    # start-up: only a large cohort starts worker processes
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    chunks = [paths[i:i + CHUNK] for i in range(0, len(paths), CHUNK)]
    with ProcessPoolExecutor(max_workers=workers, mp_context=context,
                             initializer=_init_worker, initargs=(rubric,)) as pool:
        for result in pool.map(_read_chunk_in_worker, chunks):  # in order: deterministic
            yield from result


# -- the anonymous summary ---------------------------------------------------------------------


class Distribution(Model):
    n: int | None = Field(description="Students with a score; None: hidden, because the "
                          "students without one are a small group.")
    suppressed: bool = Field(description="True when n < min_group: no figures are given.")
    mean: float | None = None
    median: float | None = None
    p25: float | None = None
    p75: float | None = None


class BandCount(Model):
    band: str
    label: str
    count: int | None = Field(description="None: suppressed (a small group).")
    share: float | None = None


class DimensionSummary(Model):
    id: str
    title: str
    weight: float
    distribution: Distribution
    bands: list[BandCount]
    gap: float | None = Field(description="(100 - mean) x weight: bigger is more urgent.")


class ActionCount(Model):
    action_id: str
    title: str
    dimension: str
    count: int
    share: float


class CohortSummary(Model):
    rubric_id: str
    rubric_version: str
    rubric_title: str
    students: int
    min_group: int
    suppressed: bool = Field(description="Fewer students than min_group: nothing is shown.")
    overall: Distribution
    overall_bands: list[BandCount]
    dimensions: list[DimensionSummary]
    gaps: list[str] = Field(description="Dimension ids, most urgent first.")
    actions: list[ActionCount] = Field(description="Most often recommended first.")


def _distribution(values: list[float], min_group: int) -> Distribution:
    """Mean and median from `min_group` students; the quartiles only from twice as many,
    since in a small group they are (or pin down) individual students' scores."""
    if len(values) < min_group or not values:
        return Distribution(n=None, suppressed=True)  # "fewer than min_group", no more
    ordered = sorted(values)
    q1 = q3 = None
    if len(ordered) >= 2 * min_group:
        q1, _, q3 = statistics.quantiles(ordered, n=4, method="inclusive")
    return Distribution(n=len(values), suppressed=False, mean=statistics.fmean(ordered),
                        median=statistics.median(ordered), p25=q1, p75=q3)


UNANSWERED = ""  # the cell of students without a score, beside the band cells


def hidden_cells(cells: dict[str, int], min_group: int,
                 zero_shown: frozenset[str] = frozenset()) -> set[str]:
    """Which cells of a partition to hide; the partition's total is shown.

    A cell of 1..min_group-1 students is hidden (primary suppression). Then, so that
    no hidden cell can be worked out from the total and the cells shown: cells of 0 are
    hidden with them (so a hidden cell may be 0, and "hidden" says nothing about its
    size), and the smallest shown cells are added until at least two cells are hidden
    and together hold at least `min_group` students (the complement of what is shown is
    itself not a small group). Two or more hidden cells whose sum is known and is at
    least 2 always have more than one possible split, so none of them is determined.
    `zero_shown`: cells that stay shown when 0 (hiding "nobody is unscored" protects
    no one, and would hide how many answered).
    """
    hidden = {key for key, count in cells.items() if 0 < count < min_group}
    if not hidden:
        return set()
    hidden |= {key for key, count in cells.items() if count == 0 and key not in zero_shown}
    shown = sorted((count, key) for key, count in cells.items()
                   if key not in hidden and (count or key not in zero_shown))
    while shown and (len(hidden) < 2 or sum(cells[key] for key in hidden) < min_group):
        hidden.add(shown.pop(0)[1])
    return hidden


@dataclass(frozen=True)
class _Partition:
    """One group's split of every student: a cell per band, and one of those unscored."""

    bands: list[BandCount]
    answered_hidden: bool
    hidden: frozenset[str]


def _partition(values: list[float], students: int, bands_of: list[Band],
               min_group: int) -> _Partition:
    ordered = sorted(bands_of, key=lambda b: b.min)
    total = len(values)
    if total < min_group:
        return _Partition([BandCount(band=b.id, label=b.label, count=None) for b in ordered],
                          True, frozenset(b.id for b in ordered))
    counts = Counter(band_for(bands_of, v).id for v in values)
    cells = {b.id: counts.get(b.id, 0) for b in ordered}
    cells[UNANSWERED] = students - total
    hidden = hidden_cells(cells, min_group, frozenset({UNANSWERED}))
    # With the number answered hidden, a share (count / answered) would give it away.
    answered_hidden = UNANSWERED in hidden
    return _Partition([
        BandCount(band=b.id, label=b.label,
                  count=None if b.id in hidden else cells[b.id],
                  share=None if b.id in hidden or answered_hidden else cells[b.id] / total)
        for b in ordered
    ], answered_hidden, frozenset(hidden - {UNANSWERED}))


def build_summary(students: list[StudentRecord], rubric: Rubric,
                  min_group: int = DEFAULT_MIN_GROUP) -> CohortSummary:
    """Aggregate records into an anonymous summary. Pure and deterministic."""
    if min_group < SMALLEST_MIN_GROUP:
        raise InputError(f"a minimum group of {min_group} would show single students; use "
                         f"{SMALLEST_MIN_GROUP} or more")
    suppressed = len(students) < min_group
    overall_values = [s.overall for s in students if s.overall is not None]
    dimensions: list[DimensionSummary] = []
    partitions: dict[str, _Partition] = {}
    for index, dimension in enumerate(rubric.dimensions):
        values = [v for s in students if (v := s.scores[index]) is not None]
        distribution = _distribution(values, min_group)
        partition = _partition(values, len(students), rubric.bands_for(dimension), min_group)
        partitions[dimension.id] = partition
        if partition.answered_hidden:
            distribution = distribution.model_copy(update={"n": None})
        gap = ((100 - distribution.mean) * dimension.weight
               if distribution.mean is not None else None)
        dimensions.append(DimensionSummary(
            id=dimension.id, title=dimension.title, weight=dimension.weight,
            distribution=distribution, bands=partition.bands, gap=gap))
    gaps = [d.id for d in sorted((d for d in dimensions if d.gap is not None),
                                 key=lambda d: (-(d.gap or 0.0), d.id))]
    overall = _partition(overall_values, len(students), rubric.bands, min_group)
    overall_distribution = _distribution(overall_values, min_group)
    if overall.answered_hidden:
        overall_distribution = overall_distribution.model_copy(update={"n": None})
    return CohortSummary(
        rubric_id=rubric.id, rubric_version=rubric.version, rubric_title=rubric.title,
        students=len(students), min_group=min_group, suppressed=suppressed,
        overall=overall_distribution,
        overall_bands=overall.bands,
        dimensions=dimensions if not suppressed else [
            d.model_copy(update={"gap": None}) for d in dimensions],
        gaps=gaps if not suppressed else [],
        actions=_action_counts(students, rubric, partitions, min_group) if not suppressed
        else [],
    )


def _action_counts(students: list[StudentRecord], rubric: Rubric,
                   partitions: dict[str, _Partition], min_group: int) -> list[ActionCount]:
    """The most often recommended actions, each count safe to show.

    A count is shown when it and its complement (the students not recommended it) are
    each 0 or at least `min_group`. An action chosen by band counts students of those
    bands only, so it could reveal a hidden band cell (the count minus the band cells
    shown): it is shown only when its bands include no hidden cell of its dimension, or
    all of them while the number who answered is shown (then it tells no more than the
    total of the hidden cells, which the table already gives).
    """
    total = len(students)
    counts = Counter(a for s in students for a in set(s.actions))
    shown: list[ActionCount] = []
    for dimension in rubric.dimensions:
        partition = partitions[dimension.id]
        for action in dimension.actions:
            count = counts.get(action.id, 0)
            if count < min_group or 0 < total - count < min_group:
                continue
            if action.bands:
                overlap = partition.hidden & set(action.bands)
                whole = partition.hidden <= set(action.bands) and not partition.answered_hidden
                if overlap and not whole:
                    continue
            shown.append(ActionCount(action_id=action.id, title=action.title,
                                     dimension=dimension.title, count=count,
                                     share=count / total))
    shown.sort(key=lambda a: (-a.count, a.action_id))
    return shown[:10]


def students_csv(students: list[StudentRecord], rubric: Rubric, *,
                 min_group: int = DEFAULT_MIN_GROUP, salt: bytes | None = None
                 ) -> list[str]:
    """Per-student scores under pseudonymous ids (random per report), sorted by id, as
    CSV lines.

    This is microdata for the advisor's own analysis (see SECURITY.md): it is refused
    for a cohort smaller than `min_group`, where every row would be a small group.
    """
    least = max(min_group, SMALLEST_MIN_GROUP)
    if len(students) < least:
        raise InputError(f"per-student scores of fewer than {least} students could "
                         "identify them: no CSV written (see --min-group)")
    salt = salt if salt is not None else secrets.token_bytes(16)
    header = ["student", "overall", *[d.id for d in rubric.dimensions]]
    rows = []
    for student in students:
        pseudonym = "S-" + hashlib.sha256(salt + student.key.encode()).hexdigest()[:10]
        rows.append([pseudonym, _cell(student.overall), *[_cell(v) for v in student.scores]])
    rows.sort()
    return list(csv_lines([header, *rows]))


def _cell(value: float | None) -> str:
    return exact_text(value)  # for analysis: full precision, never 56.25 -> "56.2"
