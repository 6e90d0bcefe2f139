"""Where careerkit keeps files, and writing them so that a crash never leaves half a file.

Everything lives under one user data folder (``CAREERKIT_HOME`` overrides it)::

    <home>/attempts/<rubric-id>/unfinished.yaml   the attempt in progress, autosaved
    <home>/attempts/<rubric-id>/.lock             held while a quiz runs
    <home>/history/<date>-<rubric-id>[-N].yaml    finished attempts, never overwritten
    <home>/history/<...>.status.json               what became of an attempt's actions
    <home>/backups/<rubric-id>-<stamp>[-N].yaml   unfinished attempts set aside

Every write is atomic (temporary file in the same folder, fsync, rename), so a reader,
or the next start after a crash, sees the previous version or the new one, never a mix.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from careerkit.errors import InputError, RuntimeFailure

__all__ = [
    "HOME_ENV",
    "AttemptStore",
    "atomic_write_bytes",
    "atomic_write_text",
    "data_dir",
    "refuse_link",
    "remove_temp_files",
    "write_new_text",
]

HOME_ENV = "CAREERKIT_HOME"
TEMP_PREFIX = ".careerkit-"
TEMP_SUFFIX = ".tmp"
UNFINISHED = "unfinished.yaml"
# Temporary files in shared folders (history, backups) are only removed once clearly
# abandoned, so that another careerkit finishing at the same moment is not disturbed.
STALE_AFTER_SECONDS = 60.0


def data_dir() -> Path:
    """The user data folder: $CAREERKIT_HOME, or the platform's (~/.local/share/careerkit)."""
    override = os.environ.get(HOME_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    # start-up: only when CAREERKIT_HOME is not set
    import platformdirs

    return Path(platformdirs.user_data_dir("careerkit", appauthor=False))


# -- atomic writes ---------------------------------------------------------------------------


def atomic_write_bytes(path: Path, data: bytes, *, private: bool = False) -> None:
    """Write `data` to `path` all at once or not at all.

    A temporary file in the same folder is flushed and fsynced, then renamed over the
    target: readers see the old file or the new one, never a mix. On failure the old
    file is left as it was and the temporary file removed. A symbolic link at `path` is
    never written through: the link itself is replaced by the file, and whatever it
    pointed to is left alone (another user may have planted it). A folder, device or
    pipe is refused, never replaced. `private` files (answers, history, plans, exports)
    are readable by their owner only, whatever was there before.
    """
    target = _writable_target(Path(path))
    folder, temp_name = _write_temp(target, data, mode=_mode_for(target, private))
    try:
        os.replace(temp_name, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise RuntimeFailure(f"{path}: could not be written: {exc.strerror}; "
                             "any earlier file there is unchanged") from None
    _fsync_folder(folder)


def _writable_target(path: Path) -> Path:
    """The name to replace for `path`, never followed if it is a link; folders and
    devices refused."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return path
    except OSError as exc:
        raise RuntimeFailure(f"{path}: cannot write here: {exc.strerror}") from None
    if stat.S_ISLNK(mode):
        # A link to a device or a folder (-o /dev/stdout) is refused below, like the thing
        # itself; a link to a file, or a dangling one, is replaced by the new file.
        try:
            mode = os.stat(path).st_mode
        except OSError:
            return path
        if stat.S_ISREG(mode):
            return path
    if stat.S_ISDIR(mode):
        raise InputError(f"{path}: is a folder; give a file name, e.g. {path / 'plan.pdf'}")
    if not stat.S_ISREG(mode):
        raise InputError(f"{path}: is not a regular file (a device or a pipe); give the "
                         "path of a file to write")
    return path


def refuse_link(path: Path) -> None:
    """For a path careerkit chose itself (``reports/NAME-DATE.pdf``): refuse when it is a
    symbolic link, or its folder is a link made by another user, since anyone who can
    predict the name can plant one. A folder link the user made is theirs to use."""
    for candidate in (path, path.parent):
        try:
            info = os.lstat(candidate)
        except OSError:
            continue
        if stat.S_ISLNK(info.st_mode) and (candidate == path or info.st_uid != os.geteuid()):
            raise InputError(f"{candidate}: is a symbolic link; careerkit does not write "
                             "through links it did not expect. Remove it, or choose the "
                             "file with -o")


def _mode_for(target: Path, private: bool) -> int:
    """Private files are owner-only. Others keep an existing file's permissions (never
    a link's target's), and new ones follow the umask, as any other program's would."""
    if private:
        return 0o600
    with contextlib.suppress(OSError):
        info = os.lstat(target)
        if stat.S_ISREG(info.st_mode):
            return stat.S_IMODE(info.st_mode)
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def atomic_write_text(path: Path, text: str, *, private: bool = False) -> None:
    atomic_write_bytes(path, text.encode("utf-8"), private=private)


def write_new_text(path: Path, text: str, *, private: bool = False) -> Path:
    """Write a new file next to `path`, never replacing an existing one.

    Tries `path`, then `name-2.ext`, `name-3.ext`, ...; returns the path written. The
    file appears complete or not at all (hard-linked from a synced temporary file).
    """
    path = Path(path)
    folder, temp_name = _write_temp(path, text.encode("utf-8"),
                                    mode=0o600 if private else _mode_for(path, False))
    try:
        for attempt in range(1, 10_000):
            target = path if attempt == 1 else path.with_name(
                f"{path.stem}-{attempt}{path.suffix}")
            try:
                _link_exclusive(temp_name, target, private=private)
            except FileExistsError:
                continue
            except OSError as exc:
                raise RuntimeFailure(f"{target}: could not be written: {exc.strerror}"
                                     ) from None
            _fsync_folder(folder)
            return target
        raise RuntimeFailure(f"{folder}: too many files named like {path.name}")
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)


def next_free_path(path: Path) -> Path:
    """`path`, or `name-2.ext`, `name-3.ext`, ... whichever does not exist yet."""
    candidate, number = path, 1
    while candidate.exists() or candidate.is_symlink():
        number += 1
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
    return candidate


def _link_exclusive(source: str, target: Path, *, private: bool = False) -> None:
    """Make `target` a name of `source`; FileExistsError if `target` already exists."""
    try:
        os.link(source, target)
    except FileExistsError:
        raise
    except OSError:
        # Hard links are not supported everywhere (some network and FAT file systems):
        # reserve the name exclusively, then rename the complete file onto it.
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600 if private else 0o644)
        os.close(fd)
        with open(source, "rb") as handle:
            data = handle.read()
        atomic_write_bytes(target, data, private=private)


def _write_temp(path: Path, data: bytes, *, mode: int = 0o644) -> tuple[Path, str]:
    """A synced temporary file holding `data` in `path`'s folder, with `mode`."""
    folder = path.parent if str(path.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, temp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=folder)
    except OSError as exc:
        reason = "a part of the path is a file" if isinstance(
            exc, (FileExistsError, NotADirectoryError)) else exc.strerror
        raise RuntimeFailure(f"{path}: cannot write here: {reason}; choose another "
                             "place to write it") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp_name, mode)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        if isinstance(exc, OSError):
            raise RuntimeFailure(f"{path}: could not be written: {exc.strerror}; "
                                 "any earlier file there is unchanged") from None
        raise
    return folder, temp_name


def _fsync_folder(folder: Path) -> None:
    # Makes the rename itself durable; not every platform lets a folder be opened.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def remove_temp_files(folder: Path, *, older_than: float = 0.0) -> list[Path]:
    """Delete temporary files that an interrupted atomic write left in `folder`."""
    removed: list[Path] = []
    if not os.path.isdir(folder):  # missing, or cannot be entered: nothing to tidy
        return removed
    cutoff = time.time() - older_than
    for candidate in folder.glob(f"{TEMP_PREFIX}*{TEMP_SUFFIX}"):
        try:
            if older_than and candidate.stat().st_mtime > cutoff:
                continue
            candidate.unlink()
        except OSError:
            continue
        removed.append(candidate)
    return removed


# -- attempts --------------------------------------------------------------------------------


class AttemptStore:
    """The files of one rubric's attempts: the unfinished one, history and backups."""

    def __init__(self, rubric_id: str, home: Path | None = None) -> None:
        self.rubric_id = rubric_id
        self.home = home if home is not None else data_dir()
        self.folder = self.home / "attempts" / rubric_id
        self.unfinished = self.folder / UNFINISHED
        self.history = self.home / "history"
        self.backups = self.home / "backups"
        self._lock_fd: int | None = None

    # -- the session ---------------------------------------------------------------------
    @contextlib.contextmanager
    def session(self) -> Iterator[AttemptStore]:
        """Hold this rubric's lock for a quiz and tidy up what a crash left behind."""
        self.acquire()
        try:
            yield self
        finally:
            self.release()

    def acquire(self) -> None:
        try:
            # Owner-only: answers and reflections are personal.
            self.home.mkdir(mode=0o700, parents=True, exist_ok=True)
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as exc:
            raise RuntimeFailure(f"{self.folder}: cannot create the careerkit data folder: "
                                 f"{exc.strerror}; set {HOME_ENV} to a writable folder"
                                 ) from None
        self._lock_fd = _lock(self.folder / ".lock")
        remove_temp_files(self.folder)
        for shared in (self.history, self.backups):
            remove_temp_files(shared, older_than=STALE_AFTER_SECONDS)

    def release(self) -> None:
        if self._lock_fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._lock_fd)  # closing the descriptor drops the lock
            self._lock_fd = None

    # -- the unfinished attempt ----------------------------------------------------------
    def read_unfinished(self) -> str | None:
        """The text of the unfinished attempt, or None when there is none."""
        try:
            return self.unfinished.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
            raise RuntimeFailure(f"{self.unfinished}: cannot read the saved attempt: "
                                 f"{reason}") from None

    def save(self, text: str) -> None:
        """Autosave: replace the unfinished attempt (an answers file's text) atomically."""
        atomic_write_text(self.unfinished, text, private=True)

    def discard(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.unfinished.unlink()
        _fsync_folder(self.folder)

    def backup(self) -> Path | None:
        """Copy the unfinished attempt into the backups folder; returns the copy."""
        try:
            data = self.unfinished.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise RuntimeFailure(f"{self.unfinished}: cannot read it to back it up: "
                                 f"{exc.strerror}") from None
        stamp = datetime.now().strftime("%Y-%m-%d-%H%M%S")
        return write_new_text(self.backups / f"{self.rubric_id}-{stamp}.yaml",
                              data.decode("utf-8", errors="replace"), private=True)

    # -- finished attempts ---------------------------------------------------------------
    def file_finished(self, text: str, finished_at: datetime | None) -> Path:
        """Keep a finished attempt (an answers file's text) in the history folder, as a new
        file named by the day it was finished, and drop the draft."""
        when = (finished_at or datetime.now().astimezone()).astimezone()
        path = self.history / f"{when:%Y-%m-%d}-{self.rubric_id}.yaml"
        written = write_new_text(path, text, private=True)
        self.discard()
        return written

    def history_files(self) -> list[Path]:
        """Finished attempts at this rubric, oldest first."""
        if not os.path.isdir(self.history):
            return []
        mine = [
            p for p in self.history.glob(f"*-{self.rubric_id}*.yaml")
            if not p.name.startswith(TEMP_PREFIX)
        ]
        return sorted(mine, key=lambda p: (p.stat().st_mtime, p.name))


def _lock(path: Path) -> int:
    """An exclusive lock on `path`, held until its descriptor is closed."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise RuntimeFailure(f"{path}: cannot create a lock file: {exc.strerror}") from None
    if sys.platform == "win32":  # pragma: no cover - no fcntl; one quiz per user is the norm
        return fd
    # POSIX only (the Windows branch returns above)
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        raise InputError(
            "another `careerkit take` for this rubric is running (in another terminal?); "
            "finish or stop it first"
        ) from None
    return fd
