"""The layers of DESIGN.md, checked: module sizes, no import cycles, pure engines.

Issue 13, acceptance 2: no module over 500 lines, no command module over 200, no import
cycle. The import graph is read from the source (the AST), not from what Python happens
to have imported, so it sees every import a module can make:

- Imports inside functions (the lazy imports that keep `studycli --help` fast) are edges
  like any other. Laziness changes *when* a module is loaded, not *what it depends on*: a
  cycle through a function-level import is still two modules that cannot be understood,
  tested or moved apart, and it turns into an ImportError the day someone hoists the
  import to the top. So there is no exception for them.
- Imports under `if TYPE_CHECKING:` count too: a type is a dependency.
- Importing `a.b.c` also runs the `__init__` of `a` and `a.b`, so those packages are
  edges as well (a package `__init__` that imports nothing cannot close a cycle).
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "studycli"
MODULE_MAX_LINES = 500
COMMAND_MAX_LINES = 200
# The pure engines and what they must never reach: the interactive and stateful layers.
ENGINES = ("studycli.study", "studycli.sims")
NOT_FOR_ENGINES = ("studycli.commands", "studycli.sessions", "studycli.store", "studycli.ui", "studycli.cli")
# Data flows one way: commands call sessions, never the reverse.
SESSIONS = ("studycli.sessions",)
NOT_FOR_SESSIONS = ("studycli.commands", "studycli.cli")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py")) if ".venv" not in p.parts}


def line_count(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def imported_names(path: Path, name: str) -> set[str]:
    """Every studycli module name `path` imports, anywhere in the file (functions included)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from . import x / from ..a import b
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            # `from pkg import mod` imports the module pkg.mod when there is one
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return {n for n in found if n == "studycli" or n.startswith("studycli.")}


def resolve(name: str) -> set[str]:
    """The modules that importing `name` runs: it (or the module that defines it) and its packages."""
    known = modules()
    while name not in known and "." in name:
        name = name.rpartition(".")[0]  # `from studycli.x import SomeClass`: the module is studycli.x
    parts = name.split(".")
    return {".".join(parts[:i]) for i in range(1, len(parts) + 1)} & set(known)


@cache
def import_graph() -> dict[str, frozenset[str]]:
    graph = {}
    for name, path in modules().items():
        edges = set().union(*(resolve(n) for n in imported_names(path, name))) if path else set()
        graph[name] = frozenset(edges - {name})
    return graph


def find_cycles(graph: dict[str, frozenset[str]]) -> list[list[str]]:
    """One cycle per strongly connected component of more than one module (Tarjan), shortest path shown."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    counter = 0

    def connect(node: str) -> None:
        nonlocal counter
        index[node] = low[node] = counter
        counter += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                connect(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return [shortest_cycle(graph, set(c)) for c in components]


def shortest_cycle(graph: dict[str, frozenset[str]], component: set[str]) -> list[str]:
    """A shortest cycle through the first module of a component, as a readable path a → b → a."""
    start = min(component)
    paths = {start: [start]}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for nxt in sorted(graph[node] & component):
                if nxt == start:
                    return [*paths[node], start]
                if nxt not in paths:
                    paths[nxt] = [*paths[node], nxt]
                    following.append(nxt)
        frontier = following
    return sorted(component)


# --- the checker itself, on small made-up graphs (so the real tests can fail) ---

def test_cycle_finder_sees_direct_and_long_cycles_and_passes_a_dag():
    assert find_cycles({"a": frozenset({"b"}), "b": frozenset({"a"})}) == [["a", "b", "a"]]
    long = {"a": frozenset({"b"}), "b": frozenset({"c"}), "c": frozenset({"a", "d"}), "d": frozenset()}
    assert find_cycles(long) == [["a", "b", "c", "a"]]
    assert find_cycles({"a": frozenset({"b", "c"}), "b": frozenset({"c"}), "c": frozenset()}) == []


def test_import_reader_sees_function_level_relative_and_from_imports(tmp_path):
    source = tmp_path / "mod.py"
    source.write_text(
        "from __future__ import annotations\n"
        "import os\n"
        "from studycli import store\n"
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from studycli.ui import say\n"
        "def later():\n"
        "    import studycli.sessions.review\n"
        "    from . import clock\n"
        "    from ..study.cards import StudyCard\n", encoding="utf-8")
    names = imported_names(source, "studycli.commands.mod")
    assert {"studycli.store", "studycli.ui", "studycli.sessions.review", "studycli.commands.clock",
            "studycli.study.cards"} <= names
    assert "os" not in names and "typing" not in names
    assert resolve("studycli.study.cards.StudyCard") == {"studycli", "studycli.study", "studycli.study.cards"}


def test_the_graph_covers_every_module_and_knows_real_edges():
    graph = import_graph()
    assert set(graph) == set(modules()) and len(graph) > 40
    assert "studycli.study.scheduling" in graph["studycli.flashcards"]    # a top-level import
    assert "studycli.store" in graph["studycli.sessions.review"]           # a function-level import
    assert "studycli.sessions" in graph["studycli.sessions.review"]        # its package runs first


# --- the rules ---

def test_no_import_cycle_among_studycli_modules():
    cycles = find_cycles(import_graph())
    assert cycles == [], "import cycles:\n" + "\n".join(" → ".join(c) for c in cycles)


def within(name: str, packages: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in packages)


def forbidden_imports(layer: tuple[str, ...], forbidden: tuple[str, ...]) -> list[str]:
    graph = import_graph()
    return sorted(f"{m} imports {dep}" for m in graph if within(m, layer) for dep in graph[m] if within(dep, forbidden))


def test_the_layer_check_can_fail():
    assert forbidden_imports(("studycli.commands",), ("studycli.sessions",)), "commands do call sessions"


@pytest.mark.parametrize("engine", ENGINES)
def test_engines_import_nothing_from_commands_sessions_store_or_ui(engine):
    assert forbidden_imports((engine,), NOT_FOR_ENGINES) == []


def test_sessions_import_nothing_from_commands():
    assert forbidden_imports(SESSIONS, NOT_FOR_SESSIONS) == []


# One test per module, so a failure names the module (and its owner can see it is theirs).
@pytest.mark.parametrize("name", sorted(modules()))
def test_no_module_over_500_lines(name):
    assert line_count(modules()[name]) <= MODULE_MAX_LINES


@pytest.mark.parametrize("name", sorted(n for n in modules() if n.startswith("studycli.commands.")))
def test_no_command_module_over_200_lines(name):
    assert line_count(modules()[name]) <= COMMAND_MAX_LINES
