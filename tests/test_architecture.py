"""Import boundaries: heavy libraries stay in their one home, so start-up stays fast."""

from __future__ import annotations

import ast
import functools
import subprocess
import sys
from pathlib import Path

import pytest

import careerkit

PACKAGE = Path(careerkit.__file__).parent

HOMES = {
    "typer": ("cli/",),
    "click": ("cli/",),
    "questionary": ("prompts.py", "prompts/"),
    "prompt_toolkit": ("prompts.py", "prompts/"),
    "reportlab": ("report/",),
}


@functools.cache
def parsed(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


@functools.cache
def imported_modules(path: Path) -> set[str]:
    tree = parsed(path)
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("library", sorted(HOMES))
def test_library_is_imported_only_in_its_home(library: str) -> None:
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE).as_posix()
        if library in imported_modules(path) and not relative.startswith(HOMES[library]):
            offenders.append(relative)
    assert offenders == [], f"{library} imported outside {HOMES[library]}: {offenders}"


def test_help_imports_no_heavy_library() -> None:
    code = (
        "import sys\n"
        "from careerkit.cli import app\n"
        "try:\n"
        "    app(['--help'], prog_name='careerkit')\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = [m for m in ('questionary', 'prompt_toolkit', 'reportlab', 'pydantic',\n"
        "                     'ruamel', 'careerkit.rubric') if m in sys.modules]\n"
        "print('HEAVY', heavy, file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert "HEAVY []" in result.stderr, result.stderr


def printing_calls(path: Path) -> list[str]:
    """`print(...)`, `typer.echo(...)`, `typer.secho(...)` and `click.echo(...)` calls."""
    found = []
    for node in ast.walk(parsed(path)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id == "print":
            found.append(f"{path.name}:{node.lineno}: print")
        elif (isinstance(func, ast.Attribute) and func.attr in ("echo", "secho")
              and isinstance(func.value, ast.Name) and func.value.id in ("typer", "click")):
            found.append(f"{path.name}:{node.lineno}: {func.value.id}.{func.attr}")
    return found


def test_commands_print_only_through_the_one_output_function() -> None:
    """Untrusted text (rubric titles, file names, YAML keys) reaches the terminal only
    through careerkit.cli.output.say, which neutralises control characters."""
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE).as_posix()
        if relative in ("cli/output.py", "generated.py"):  # generated: a docs tool, no input
            continue
        offenders += printing_calls(path)
    assert offenders == []


# -- the import graph ------------------------------------------------------------------------
# Every import that runs counts: at the top and inside functions (not those under
# TYPE_CHECKING, which only name types). Importing a submodule (`from careerkit.report
# import charts`, `import careerkit.report.engine`) runs its package's __init__ first;
# that implicit edge is not counted, but a name taken from a package's __init__ is.


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


@functools.cache  # per parsed file: the cycle and layer checks both read every module
def runtime_nodes(tree: ast.Module) -> list[ast.AST]:
    """Every node but those under `if TYPE_CHECKING:`, which never run."""
    skipped = {id(n) for block in ast.walk(tree) if isinstance(block, ast.If)
               and ast.unparse(block.test) in ("TYPE_CHECKING", "typing.TYPE_CHECKING")
               for statement in block.body for n in ast.walk(statement)}
    return [n for n in ast.walk(tree) if id(n) not in skipped]


def imports_of(name: str) -> set[str]:
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in runtime_nodes(parsed(path)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join([*base, *([node.module] if node.module else [])])
            else:
                source = node.module or ""
            submodules = {f"{source}.{a.name}" for a in node.names} & MODULES.keys()
            found |= submodules
            if len(submodules) < len(node.names):
                found.add(source)
    return {target for target in found if target in MODULES and target != name}


def import_cycles() -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    graph = {name: imports_of(name) for name in MODULES}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for name in sorted(graph):
        if name not in index:
            visit(name)
    return cycles


def test_no_module_imports_itself_round_a_cycle_not_even_inside_a_function() -> None:
    assert import_cycles() == []


def test_the_cycle_check_sees_an_import_inside_a_function(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    top = tmp_path / "careerkit"
    top.mkdir()
    (top / "__init__.py").write_text("")
    (top / "low.py").write_text("def f():\n    from careerkit.high import g\n")
    (top / "high.py").write_text("from careerkit.low import f\n")
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", top)
    monkeypatch.setattr(sys.modules[__name__], "MODULES",
                        {module_name(p): p for p in top.rglob("*.py")})
    assert import_cycles() == [["careerkit.high", "careerkit.low"]]


# The data flow, lowest first (DESIGN.md): a module may import its own layer and those below.
LAYERS: list[tuple[str, ...]] = [
    ("errors", "_version", "display", "dates", "safetext", "textwidth", "spreadsheet",
     "naming"),
    ("yamlio", "store", "generated"),
    ("rubric.models",),
    ("rubric", "schema"),  # the rest of the rubric package: catalogue, validation, loading
    ("answers",),
    ("validity", "scoring"),
    ("plan", "lint"),
    ("history", "cohort", "cases", "scaffold", "quiz", "reference", "advisor", "rating"),
    ("summary", "export", "html_export", "followthrough", "checkin", "calendar_export",
     "cohort_followthrough"),
    ("prompts", "report"),
    ("cli", "__main__", ""),
]


def layer_of(name: str) -> int:
    relative = name.removeprefix("careerkit").removeprefix(".")
    best = None
    for number, members in enumerate(LAYERS):
        for member in members:
            inside = relative == member or (member and relative.startswith(member + "."))
            if inside and (best is None or len(member) > best[1]):
                best = (number, len(member))
    assert best is not None, f"{name} is in no layer of LAYERS: place it there"
    return best[0]


def test_no_module_imports_a_module_above_it_in_the_data_flow() -> None:
    upward = [f"{name} -> {target}" for name in sorted(MODULES)
              for target in sorted(imports_of(name)) if layer_of(target) > layer_of(name)]
    assert upward == []


def test_the_store_saves_text_and_the_models_know_no_files() -> None:
    assert imports_of("careerkit.store") == {"careerkit.errors"}
    assert imports_of("careerkit.rubric.models") <= {
        "careerkit.display", "careerkit.errors", "careerkit.safetext", "careerkit.textwidth",
        "careerkit.yamlio"}


# Modules with no imports of their own: importing them inside a function buys nothing.
CHEAP = {"careerkit.errors", "careerkit.display", "careerkit.dates", "careerkit.safetext",
         "careerkit.cli.output", "careerkit.cli.errors"}


def function_imports(path: Path) -> list[tuple[int, str]]:
    found = []
    for function in ast.walk(parsed(path)):
        if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for node in ast.walk(function):
                if isinstance(node, ast.Import):
                    found += [(node.lineno, alias.name) for alias in node.names]
                elif isinstance(node, ast.ImportFrom):
                    found.append((node.lineno, node.module or ""))
    return found


def test_imports_inside_functions_buy_start_up_time_and_say_so() -> None:
    """In cli/ every library import sits in its command (cli/__init__.py says why); elsewhere
    an import inside a function carries a comment on the line or the lines just above."""
    cheap, silent = [], []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        lines = path.read_text(encoding="utf-8").splitlines()
        for lineno, module in function_imports(path):
            if module in CHEAP:
                cheap.append(f"{relative}:{lineno}: {module}")
            if relative.startswith("cli/"):
                continue
            above = lineno - 2
            while above >= 0 and lines[above].lstrip().startswith(("from ", "import ")):
                above -= 1
            if "#" not in lines[lineno - 1] and not lines[above].lstrip().startswith("#"):
                silent.append(f"{relative}:{lineno}: {module}")
    assert cheap == []
    assert silent == []


# -- errors stay structured until printed ----------------------------------------------------


def path_prefix_checks(tree: ast.Module, name: str) -> list[str]:
    """`text.startswith(str(path))` and the like: a message searched for the file name it
    might begin with, instead of a `Problem` that keeps its file apart from its text."""
    found = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("startswith", "removeprefix") and node.args
                and isinstance(node.args[0], ast.Call)
                and isinstance(node.args[0].func, ast.Name) and node.args[0].func.id == "str"):
            found.append(f"{name}:{node.lineno}: {ast.unparse(node)}")
    return found


def test_no_message_is_searched_for_the_file_it_names() -> None:
    """An error names its file in its `Problem`; only printing joins FILE:LINE to the
    message, so nothing needs to check whether a message already starts with a path."""
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        offenders += path_prefix_checks(parsed(path), path.relative_to(PACKAGE).as_posix())
    assert offenders == []


def test_the_prefix_check_finds_one() -> None:
    tree = ast.parse("if not reason.startswith(str(skipped.path)):\n    pass\n")
    assert path_prefix_checks(tree, "x.py") == [
        "x.py:1: reason.startswith(str(skipped.path))"]


def all_subclasses(cls: type) -> list[type]:
    found = []
    for sub in cls.__subclasses__():
        found += [sub, *all_subclasses(sub)]
    return found


def test_no_model_field_defaults_to_a_builtin_with_a_text_signature() -> None:
    """pydantic reads a default factory's signature when it builds a validator; for `list`
    (a builtin with a text signature) that means compiling `tokenize`'s patterns, ~6 ms
    of every command that validates (bench/README.md). `empty_list` does the same job."""
    import importlib

    from careerkit.rubric import Model

    for module in sorted(MODULES):
        importlib.import_module(module)
    offenders = [f"{model.__module__}.{model.__name__}.{name}"
                 for model in all_subclasses(Model)
                 for name, info in model.model_fields.items()
                 if getattr(info.default_factory, "__text_signature__", None) is not None]
    assert offenders == []
