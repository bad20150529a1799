"""Interactive scenarios: stories in `content/scenarios/*.yaml` with checkpoints to predict.

A scenario file is common data (id, kind, title, story, source lines, checkpoints)
plus a kind-specific `setup`. The kind (see `studycli.scenarios.registry`) names the
function that turns it into `Checkpoint`s by running the real engine, so the truth a
learner is graded against is always computed, never typed into the file. Predictions are
scheduled with FSRS as cards with ids `scenario:<scenario id>:<checkpoint id>`.

Scenarios come from the shipped `content/scenarios/` and from `scenarios/` inside each
user content pack (`--content`, `config set content_dirs`).

File shape:

    id: cpu-spike-2-of-3          # stable: progress is keyed on it
    kind: alarm                   # a registered kind
    title: {ko: ..., en: ...}
    story: {ko: ..., en: ...}     # what the learner reads first
    source: {lines: [96, 97]}     # lines of the notes it exercises
    setup: {...}                  # for the kind: an alarm spec, a pattern and events, ...
    checkpoints:
      - id: after-3               # stable
        ask: {ko: ..., en: ...}
        ...                       # kind-specific keys (at:, event:, ...)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from studycli.errors import ContentError, SpecError
from studycli.i18n import Msg
from studycli.scenarios import registry

Text = str | Msg   # an option: an AWS value as it is, or the tool's own words in the learner's language

COMMON_KEYS = {"id", "kind", "title", "story", "source", "setup", "checkpoints"}


@dataclass(frozen=True)
class Checkpoint:
    """One prediction: the question, the options, the engine's answer and its explanation."""

    id: str
    ask: dict[str, str]                 # content: {"ko": ..., "en": ...}
    options: tuple[Text, ...]
    answer: int                         # index into options
    explanation: Msg                    # from the engine's trace


@dataclass(frozen=True)
class Scenario:
    id: str
    kind: str
    title: dict[str, str]
    story: dict[str, str]
    source_lines: tuple[int, ...]
    setup: Any                          # Located mapping: adapters report file:line from it
    checkpoints_raw: Any                # LocatedList of Located mappings
    file: str
    line: int
    extra: dict[str, Any] = field(default_factory=dict)

    def where(self, node: Any = None, key: str | None = None) -> str:
        """`file:line` of a node (or of one key of it) of this scenario, for error messages."""
        line = self.line
        if node is not None:
            line = node.line_of(key) if key and hasattr(node, "line_of") else getattr(node, "line", line)
        return f"{self.file}:{line}"


def scenario_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.glob("*.y*ml") if p.is_file())


def scenario_dirs() -> list[Path]:
    """The shipped scenarios, then `scenarios/` of each configured user content pack."""
    from studycli.paths import content_dir
    from studycli.settings import configured_content_dirs

    packs = [Path(d) / "scenarios" for d in configured_content_dirs()]
    return [content_dir() / "scenarios", *(d for d in packs if d.is_dir())]


def load_all(directories: Iterable[Path] | None = None, *, skip_unknown_kinds: bool = True,
             skip_broken: bool = False) -> list[Scenario]:
    """Every scenario there is. Scenarios of a kind that is not registered are left out (and
    reported by `content check`); `skip_broken` also leaves out files that fail validation."""
    scenarios: list[Scenario] = []
    for directory in scenario_dirs() if directories is None else directories:
        try:
            found = load_scenarios(directory, known_kinds_only=skip_unknown_kinds, tolerant=skip_broken)
        except ContentError:
            if not skip_broken:
                raise
            continue
        scenarios += found
    problems: list[str] = []
    scenarios = _unique(scenarios, problems, skip_broken)
    if problems:
        raise ContentError(problems)
    return scenarios


def load_scenarios(directory: Path, kind: str | None = None, *, known_kinds_only: bool = False,
                   tolerant: bool = False) -> list[Scenario]:
    """Every scenario in `directory` (or of one kind), validated. `known_kinds_only` leaves out
    scenarios of unregistered kinds instead of reporting them; `tolerant` leaves out invalid files."""
    problems: list[str] = []
    scenarios: list[Scenario] = []
    for path in scenario_files(directory):
        found: list[str] = []
        scenario = _load_one(path, found, known_kinds_only)
        if not tolerant:
            problems += found
        if scenario and (kind is None or scenario.kind == kind):
            scenarios.append(scenario)
    scenarios = _unique(scenarios, problems, tolerant)
    if problems:
        raise ContentError(problems)
    return scenarios


def _unique(scenarios: list[Scenario], problems: list[str], tolerant: bool) -> list[Scenario]:
    """Scenario ids are unique: a second one is a problem (or, when tolerant, left out)."""
    seen: dict[str, str] = {}
    kept = []
    for s in scenarios:
        if s.id in seen:
            if not tolerant:
                problems.append(f"{s.file}:{s.line}: id: duplicate scenario id {s.id!r} (first in {seen[s.id]})")
            continue
        seen[s.id] = s.file
        kept.append(s)
    return kept


def _load_one(path: Path, problems: list[str], known_kinds_only: bool = False) -> Scenario | None:
    from studycli.content import BILINGUAL, ID_RE
    from studycli.content_types import Field, ListOf, Positive, Record, Text
    from studycli.yamlsrc import Located, LocatedList, load_file

    try:
        doc = load_file(path)
    except ContentError as err:
        problems.extend(err.problems)
        return None
    if not isinstance(doc, Located):
        problems.append(f"{path}:1: file: expected a scenario mapping (id, kind, title, story, setup, checkpoints)")
        return None
    before = len(problems)
    for key in doc:
        if key not in COMMON_KEYS:
            problems.append(f"{path}:{doc.line_of(key)}: {key}: unknown key (allowed: {', '.join(sorted(COMMON_KEYS))})")
    checks = {"id": Text(ID_RE, "an id"), "kind": Text(), "title": BILINGUAL, "story": BILINGUAL,
              "source": Record({"lines": Field(ListOf(Positive()), True)}),
              "checkpoints": ListOf(Record({}), min_items=0)}
    for key, typ in checks.items():
        if key not in doc:
            problems.append(f"{path}:{doc.line}: {key}: missing")
        elif key != "checkpoints":
            problem = typ.check(doc[key])
            if problem:
                problems.append(f"{path}:{doc.line_of(key)}: {key}: {problem}")
    if "setup" not in doc:
        problems.append(f"{path}:{doc.line}: setup: missing")
    if isinstance(doc.get("kind"), str) and registry.get(doc["kind"]) is None:
        if known_kinds_only:
            return None
        problems.append(f"{path}:{doc.line_of('kind')}: kind: unknown kind {doc['kind']!r} "
                        f"(known: {', '.join(registry.names())})")
    cps = doc.get("checkpoints")
    if "checkpoints" in doc and (not isinstance(cps, list) or not cps):
        problems.append(f"{path}:{doc.line_of('checkpoints')}: checkpoints: expected a list of at least one checkpoint")
    elif isinstance(cps, LocatedList):
        ids: set[str] = set()
        for i, cp in enumerate(cps):
            where = f"{path}:{cps.line_of(i)}"
            if not isinstance(cp, Located):
                problems.append(f"{where}: checkpoints: expected a mapping with id and ask")
                continue
            required: tuple[tuple[str, Any], ...] = (("id", Text(ID_RE, "an id")), ("ask", BILINGUAL))
            for key, typ in required:
                problem = typ.check(cp.get(key)) if key in cp else "missing"
                if problem:
                    problems.append(f"{path}:{cp.line_of(key)}: checkpoints.{key}: {problem}")
            if cp.get("id") in ids:
                problems.append(f"{where}: checkpoints.id: duplicate checkpoint id {cp.get('id')!r}")
            ids.add(str(cp.get("id")))
    if len(problems) > before:
        return None
    return Scenario(id=doc["id"], kind=doc["kind"], title=dict(doc["title"]), story=dict(doc["story"]),
                    source_lines=tuple(doc["source"]["lines"]), setup=doc["setup"], checkpoints_raw=cps,
                    file=str(path), line=doc.line)


def each_checkpoint(scenario: Scenario, build: Callable[[Any, Any], Checkpoint], context: Any) -> list[Checkpoint]:
    """Build every checkpoint of a scenario; engine errors become content errors naming the
    checkpoint's file:line."""
    checkpoints = []
    for raw in scenario.checkpoints_raw:
        try:
            checkpoints.append(build(context, raw))
        except SpecError as err:
            raise ContentError([f"{scenario.where(raw)}: checkpoints.{raw.get('id')}: {err}"]) from None
        except (KeyError, TypeError, ValueError) as err:
            raise ContentError([f"{scenario.where(raw)}: checkpoints.{raw.get('id')}: malformed ({err})"]) from None
    return checkpoints


def build_checkpoints(scenario: Scenario) -> list[Checkpoint]:
    """Run the scenario's engine to get its checkpoints (raises ContentError naming file:line)."""
    kind = registry.get(scenario.kind)
    if kind is None:
        raise ContentError([f"{scenario.where()}: kind: unknown kind {scenario.kind!r} "
                            f"(known: {', '.join(registry.names())})"])
    return kind.builder()(scenario)


def check_all(directory: Path) -> list[str]:
    """Every problem of every scenario file, including what the engines find in the setups."""
    problems: list[str] = []
    try:
        scenarios = load_scenarios(directory)
    except ContentError as err:
        return err.problems
    for scenario in scenarios:
        try:
            build_checkpoints(scenario)
        except ContentError as err:
            problems.extend(err.problems)
        except ModuleNotFoundError as err:
            problems.append(f"{scenario.file}:{scenario.line}: kind: no adapter for {scenario.kind!r} ({err.name})")
    return problems
