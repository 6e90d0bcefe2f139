"""One place that turns careerkit's errors into a red line on stderr and an exit code."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import typer

from careerkit.cli.output import say
from careerkit.errors import CareerkitError, Interrupted

F = TypeVar("F", bound=Callable[..., Any])


class Settings:
    debug = False


def fail(message: str, code: int) -> typer.Exit:
    say(message, err=True, fg=typer.colors.RED)
    return typer.Exit(code)


def handle_errors(command: F) -> F:
    """Wrap a command: user errors become messages and exit codes, never tracebacks."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except (typer.Exit, typer.Abort):
            raise
        except Interrupted as exc:
            raise fail(str(exc), exc.exit_code) from None
        except CareerkitError as exc:
            if Settings.debug:
                raise
            raise fail(f"error: {exc}" if "\n" not in str(exc) else str(exc),
                       exc.exit_code) from None
        except KeyboardInterrupt:
            raise fail("Interrupted.", 130) from None
        except BrokenPipeError:
            # The reader went away (`careerkit rubric show | head`): stop quietly, and keep
            # Python from complaining again when it flushes stdout at exit.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise typer.Exit(1) from None
        except Exception as exc:
            if Settings.debug:
                raise
            kind = type(exc).__name__
            say(
                f"internal error ({kind}: {exc}). This is a bug in careerkit; run the "
                "command again as `careerkit --debug COMMAND ...` and report what it prints.",
                err=True,
            )
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]
