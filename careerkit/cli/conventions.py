"""Help and usage errors in the conventions of command-line tools.

typer's defaults show Python types as metavars (`--resume <bool>`, `OLD NEW <list[Path]>`,
`score [OPTIONS] {ANSWERS}`), which reads as if `--resume` took a value, and a mistyped
command gets a five-line box. Every careerkit command and group is built from the classes
here, so that

- a flag shows no value, an option shows a word for its value (`--output FILE`), an
  argument shows its name only, and usage lines read `score [OPTIONS] ANSWERS`;
- a usage error is one line on stderr with what to do, and exit code 2:
  `error: no such command 'scor'; did you mean 'score'? (see `careerkit -h`)`.

Only public click behaviour is relied on (the methods overridden here are click's), so
this holds for every typer from the declared floor on, whether it vendors click or not.
"""

from __future__ import annotations

import difflib
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

import typer
from typer.core import TyperCommand, TyperGroup

from careerkit.cli.output import say

__all__ = ["Command", "Group", "one_line"]

# click's exception classes, from whichever click typer runs on (its own copy or click).
_USAGE_ERROR: type[Exception] = typer.BadParameter.__mro__[1]
_CLICK_EXCEPTION: type[Exception] = next(
    c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")


# The word shown for an option's value, by parameter name; else the name in capitals.
VALUE_WORDS = {"output": "FILE", "csv_path": "FILE", "previous": "FILE", "cases": "FILE",
               "source": "RUBRIC", "fmt": "FORMAT", "min_group": "N"}


def _plain_params(params: list[Any]) -> list[Any]:
    for param in params:
        if param.param_type_name == "option" and param.metavar is None:
            # A flag takes no value: show none. A value: a word for what to give.
            param.metavar = ("" if param.is_flag
                             else VALUE_WORDS.get(param.name, param.name.upper()))
        elif param.param_type_name == "argument" and hasattr(param, "display_type_rich"):
            # typer >= 0.2x prints the Python type beside an argument's name; the name
            # (ANSWERS, PATH..., OLD NEW) already says what to give.
            param.display_type_rich = lambda ctx: None
    return params


def _usage_pieces(command: Any, ctx: Any) -> list[str]:
    """`[OPTIONS] ANSWERS`, `[OPTIONS] [OLD NEW]`, `[OPTIONS] PATH...`: click's own style."""
    pieces = [command.options_metavar] if command.options_metavar else []
    for param in command.get_params(ctx):
        if param.param_type_name != "argument":
            continue
        name = param.metavar or param.name.upper()
        if param.nargs != 1 and not name.endswith("...") and " " not in name:
            name += "..."
        pieces.append(name if param.required else f"[{name}]")
    return pieces


class Command(TyperCommand):
    def get_params(self, ctx: Any) -> list[Any]:
        return _plain_params(super().get_params(ctx))

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        return _usage_pieces(self, ctx)


class Group(TyperGroup):
    def get_params(self, ctx: Any) -> list[Any]:
        return _plain_params(super().get_params(ctx))

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        return [*_usage_pieces(self, ctx), self.subcommand_metavar]

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        name = args[0] if args else ""
        if (name and not name.startswith("-") and not ctx.resilient_parsing
                and self.get_command(ctx, name) is None):
            close = difflib.get_close_matches(name, self.list_commands(ctx), n=1)
            ctx.fail(f"no such command {name!r}"
                     + (f"; did you mean {close[0]!r}?" if close else ""))
        return super().resolve_command(ctx, args)

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True,
             windows_expand_args: bool = True, **extra: Any) -> Any:
        try:
            result = super().main(args=args, prog_name=prog_name, complete_var=complete_var,
                                  standalone_mode=False,
                                  windows_expand_args=windows_expand_args, **extra)
        except _CLICK_EXCEPTION as exc:
            if not standalone_mode:
                raise
            if type(exc).__name__ == "NoArgsIsHelpError":  # bare `careerkit`: the help
                exc.show()  # type: ignore[attr-defined]
            else:
                say(one_line(exc), err=True, fg=typer.colors.RED)
            _exit(getattr(exc, "exit_code", 2))
        except typer.Abort:
            if not standalone_mode:
                raise
            say("Aborted.", err=True)
            _exit(1)
        if not standalone_mode:
            return result
        # Not standalone, click returns a command's exit code (typer.Exit) as the result.
        _exit(result if isinstance(result, int) else 0)


def _exit(code: int) -> NoReturn:
    sys.exit(code)


def one_line(exc: Exception) -> str:
    """A click usage error as one line: what is wrong, then where help is."""
    option = getattr(exc, "option_name", None)
    possibilities = getattr(exc, "possibilities", None)
    if option is not None and possibilities is not None:
        message = f"no such option {option}"
        if possibilities:
            message += f"; did you mean {' or '.join(sorted(possibilities))}?"
    else:
        message = " ".join(str(exc.format_message()).split())  # type: ignore[attr-defined]
        if message[1:2].islower():
            message = message[0].lower() + message[1:]
        message = message.rstrip(".")
    ctx = getattr(exc, "ctx", None)
    where = f" (see `{ctx.command_path} -h`)" if ctx is not None else ""
    return f"error: {message}{where}"
