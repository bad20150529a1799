"""All talking to the learner goes through here.

Two back ends: questionary + rich on a terminal, and a plain line mode when stdin is
not a TTY (tests, pipes): options are lettered A-F and answers are read as lines
("B", "A,C", or typed text). Engines never print or prompt; sessions and commands call
these. Question types ask through `show_stem`, `pick_options`, `type_answer` and
`match_items` (this module is the `Prompter` they are handed). The words are
catalogue messages (`ui.*` in studycli/locales).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from studycli import output
from studycli.i18n import msg, pick

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from studycli.items import Item
    from studycli.models import Fact, Topic

T = TypeVar("T")

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


class EndOfInput(Exception):
    """The learner (or the pipe) has no more answers: end the session cleanly."""


def interactive() -> bool:
    """True on a real terminal; False for pipes and tests (plain line mode)."""
    try:
        return sys.stdin.isatty() and sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def console() -> Console:
    """The shared rich Console of `studycli.output`, with its type."""
    shared: Callable[[], Console] = output.console
    return shared()


def say(text: str = "", style: str | None = None) -> None:
    console().print(text, style=style, markup=False, highlight=False)


def say_lines(lines: Iterable[tuple[str, str | None]]) -> None:
    """Lines, each with its style, as `say` prints them one by one, in one print (a report of
    sixty lines printed line by line spends more time in rich than in making the report)."""
    from rich.text import Text

    text = Text()
    for n, (line, style) in enumerate(lines):
        if n:
            text.append("\n")
        text.append(line, style=style)
    console().print(text, highlight=False)


def say_msg(key: str, style: str | None = None, **params: Any) -> None:
    """A catalogue message in the learner's language, on its own line."""
    say(msg(key, **params), style=style)


def plain(text: str) -> Text:
    """Content as literal text: rich must not read `[...]` in a fact as markup."""
    from rich.text import Text

    return Text(text)


def item(marker: str, text: str, style: str | None = None) -> None:
    """`marker text`, with the lines the terminal wraps indented under the text (a hanging indent).

    Without it a long option or notes line wraps to column 0 and the next option's letter
    is hard to find; cell widths count Korean characters as two columns.
    """
    from rich.cells import cell_len
    from rich.text import Text

    out = console()
    indent = cell_len(marker)
    width = max(20, out.width - indent)
    for n, line in enumerate(Text(text).wrap(out, width)):
        line.rstrip()
        out.print(Text(marker if n == 0 else " " * indent) + line, style=style, markup=False, highlight=False,
                  soft_wrap=True)


def rule(title: str = "") -> None:
    console().rule(plain(title) if title else "")


def read_line(prompt: str) -> str:
    """One line of input; EndOfInput at end of file (the pipe ran dry)."""
    if interactive():
        import questionary

        answer = questionary.text(prompt).unsafe_ask()   # Ctrl-C raises (no English "Cancelled by user")
        if answer is None:  # Ctrl-D inside questionary
            raise KeyboardInterrupt
        return str(answer).strip()
    sys.stdout.write(prompt + " ")
    sys.stdout.flush()
    line = sys.stdin.readline()
    if not line:
        raise EndOfInput
    return line.strip()


def ask_line(prompt: str) -> str:
    """A typed line that may be empty (Enter alone); on a terminal inside `ticking`, the clock
    ticks while it waits and TimeUp ends it."""
    if interactive():
        from studycli import ui_keys

        return str(_keyed(ui_keys.Prompt(label=prompt.rstrip(" >"), parse=lambda raw: raw, allow_empty=True)))
    return read_line(prompt)


def next_screen() -> bool:
    """After feedback on a terminal: wait for Enter (or Space) so the verdict does not scroll
    away; False when the learner pressed q instead. Pipes go on at once."""
    if not interactive():
        return True
    from studycli import ui_keys

    say_msg("ui.next_screen", style="dim")
    return ui_keys.read_key(("enter", "space", "q")) != "q"


def parse_letters(text: str, count: int) -> list[int] | None:
    """'B' -> [1]; 'A,C' or 'a c' or 'AC' -> [0, 2]; None when it is not a valid selection."""
    cleaned = text.replace(",", " ").replace(";", " ").upper().split()
    if len(cleaned) == 1 and len(cleaned[0]) > 1 and all(ch in LETTERS for ch in cleaned[0]):
        cleaned = list(cleaned[0])
    picks: list[int] = []
    for token in cleaned:
        if len(token) != 1 or token not in LETTERS[:count]:
            if (token.isascii() and token.isdigit()) and 1 <= int(token) <= count:
                picks.append(int(token) - 1)
                continue
            return None
        picks.append(LETTERS.index(token))
    return sorted(set(picks)) if picks else None


def choose(prompt: str, options: Sequence[str], multi: int = 1, extra_keys: dict[str, str] | None = None) -> list[int] | str:
    """Ask for `multi` options (indexes). `extra_keys` maps a typed word to a command (e.g. 'f' flag).

    Returns the chosen indexes, or the command word when one of `extra_keys` was typed. On a
    terminal: arrow keys and letters (studycli.ui_keys); on a pipe: a typed line.
    """
    extra_keys = extra_keys or {}
    aliases = true_false_aliases(options) if multi == 1 else {}
    last = LETTERS[len(options) - 1]
    example = ",".join(LETTERS[:multi])
    if interactive():
        from studycli import ui_keys

        def parse(raw: str) -> list[int] | None:
            picks = parse_letters(raw, len(options))
            return picks if picks is not None and len(picks) == multi else None

        refuse = (msg("ui.one_letter", last=last) if multi == 1 else
                  msg("ui.n_letters", count=multi, last=last, example=example))
        words = {"hint": msg("ui.keys.choose_many" if multi > 1 else "ui.keys.choose_one"),
                 "refuse": refuse, "count": msg("ui.keys.wrong_count", count="{count}", marked="{marked}"),
                 "marked": msg("ui.keys.marked", count="{count}", marked="{marked}")}
        answer = _keyed(ui_keys.Prompt(label=prompt, options=options, choose=multi, extra_keys=extra_keys,
                                       aliases=aliases, words=words, parse=parse))
        return answer if isinstance(answer, str) else list(answer)
    for i, option in enumerate(options):
        item(f"  {LETTERS[i]}. ", option)
    _show_keys(extra_keys)
    hint = msg("ui.choose_hint", count=multi, example=example) if multi > 1 else ""
    while True:
        raw = read_line(f"{prompt}{' (' + hint + ')' if hint else ''} >")
        if raw.lower() in extra_keys:
            return raw.lower()
        if raw.lower() in aliases:
            return [aliases[raw.lower()]]
        picks = parse_letters(raw, len(options))
        if picks is not None and (multi == 1 and len(picks) == 1 or multi > 1 and len(picks) == multi):
            return picks
        if multi == 1:
            say_msg("ui.one_letter", style="yellow", last=last)
        else:
            say_msg("ui.n_letters", style="yellow", count=multi, last=last, example=example)


class TimeUp(Exception):
    """The clock of a timed session (the exam) reached zero while a prompt waited."""


_CLOCK: list[tuple[Callable[[], str], Callable[[], bool]]] = []


class ticking:  # lower case: used as `with ui.ticking(...)`, like a function
    """While inside, terminal prompts show `clock()` redrawn every second and end with TimeUp
    when `time_up()` turns true (the exam's countdown)."""

    def __init__(self, clock: Callable[[], str], time_up: Callable[[], bool]) -> None:
        self.entry = (clock, time_up)

    def __enter__(self) -> None:
        _CLOCK.append(self.entry)

    def __exit__(self, *exc: object) -> None:
        _CLOCK.remove(self.entry)


def _keyed(prompt: Any) -> Any:
    """Run a ui_keys prompt with the clock of the session, if any; TimeUp when it ran out."""
    from studycli import ui_keys

    if _CLOCK:
        prompt.clock, prompt.time_up = _CLOCK[-1]
    answer = ui_keys.ask(prompt)
    if answer == ui_keys.TIME_UP:
        raise TimeUp
    return answer


def true_false_aliases(options: Sequence[str]) -> dict[str, int]:
    """For a true/false question: 참/거짓, t/f, o/x, true/false, 맞음/틀림 (or 예/아니요, y/n) name its two options."""
    if len(options) != 2:
        return {}
    from studycli.i18n import msg as word

    for lang in ("ko", "en", "both"):
        if tuple(options) in ((word("quiz.true_false.true", lang), word("quiz.true_false.false", lang)),
                              (word("quiz.true_false.yes", lang), word("quiz.true_false.no", lang))):
            return {"t": 0, "true": 0, "o": 0, "참": 0, "맞음": 0, "ㅇ": 0, "y": 0, "yes": 0, "예": 0, "네": 0,
                    "f": 1, "false": 1, "x": 1, "거짓": 1, "틀림": 1, "n": 1, "no": 1, "아니요": 1, "아니오": 1}
    return {}


def _show_keys(extra_keys: Mapping[str, str] | None) -> None:
    if extra_keys:
        say("  " + "  ".join(f"[{k}] {v}" for k, v in extra_keys.items()), style="dim")


# --- how question types ask (the `Prompter` of studycli.study.questions.base) ------------------

def show_stem(text: str) -> None:
    say(text, style="bold")


def pick_options(options: Sequence[str], count: int = 1,
                 extra_keys: Mapping[str, str] | None = None) -> list[int] | str:
    """`count` of the options, as indexes (or a command word of `extra_keys`)."""
    return choose(msg("ui.answer"), list(options), multi=count, extra_keys=dict(extra_keys or {}))


def type_answer(extra_keys: Mapping[str, str] | None = None) -> str:
    """A typed answer (never empty), or a command word of `extra_keys`."""
    if interactive():
        from studycli import ui_keys

        words = {"empty": msg("ui.type_an_answer"), "hint": ""}
        answer = _keyed(ui_keys.Prompt(label=msg("ui.your_answer"), extra_keys=dict(extra_keys or {}),
                                       words=words, parse=lambda raw: raw))
        return str(answer)
    _show_keys(extra_keys)
    while True:
        raw = read_line(f"{msg('ui.your_answer')} >")
        if extra_keys and raw.lower() in extra_keys:
            return raw.lower()
        if raw:
            return raw
        say_msg("ui.type_an_answer", style="yellow")


def match_items(items: Sequence[str], options: Sequence[str],
                extra_keys: Mapping[str, str] | None = None) -> list[int] | str:
    """One option per item, in item order, as indexes (or a command word of `extra_keys`).

    On a terminal: one arrow-key choice per item; on a pipe: one line of letters."""
    if interactive():
        chosen: list[int] = []
        for i, text in enumerate(items, 1):
            item(f"  {i}. ", text, style="bold")
            got = choose(msg("ui.matching_item", number=i, count=len(items)), list(options), 1,
                         dict(extra_keys or {}))
            if isinstance(got, str):
                return got
            chosen.append(got[0])
        return chosen
    for i, text in enumerate(items, 1):
        item(f"  {i}. ", text)
    say_msg("quiz.matching.options", style="dim")
    for i, option in enumerate(options):
        item(f"  {LETTERS[i]}. ", option)
    _show_keys(extra_keys)
    n = len(items)
    example = " ".join(LETTERS[:n])
    while True:
        raw = read_line(f"{msg('ui.matching_prompt', count=n, example=example)} >")
        if extra_keys and raw.lower() in extra_keys:
            return raw.lower()
        parsed = parse_matching(raw, n, len(options))
        if parsed is not None:
            return parsed
        say_msg("ui.matching_again", style="yellow", count=n, last=LETTERS[len(options) - 1])


def parse_matching(text: str, items: int, options: int) -> list[int] | None:
    """'C A B', 'c,a,b' or 'CAB' -> [2, 0, 1]: one option letter per item, in item order."""
    tokens = text.replace(",", " ").replace(";", " ").upper().split()
    if len(tokens) == 1 and len(tokens[0]) == items:
        tokens = list(tokens[0])
    if len(tokens) != items or any(len(tok) != 1 or tok not in LETTERS[:options] for tok in tokens):
        return None
    return [LETTERS.index(tok) for tok in tokens]


def facts_table(facts: Sequence[Fact], errata: bool = False, total: int | None = None) -> None:
    """Facts as a table; `total` is how many there are when `facts` is one page of them."""
    from rich.table import Table

    # Every column wraps and a word too long for its column folds: no text is cut with "…".
    table = Table(show_lines=False, expand=False)
    table.add_column("id", overflow="fold", ratio=2)
    table.add_column(msg("ui.facts.prompt"), overflow="fold", ratio=4)
    table.add_column(msg("ui.facts.answer"), overflow="fold", ratio=3)
    if errata:
        table.add_column(msg("ui.facts.notes_said"), overflow="fold", ratio=3)
    from studycli.i18n import language

    for fact in facts:
        row = [fact.id, pick({"ko": fact.ko, "en": fact.en}), fact.show(fact.answer, language())]
        if errata and fact.erratum:
            row.append(fact.erratum.notes_said)
        table.add_row(*map(plain, row))
    console().print(table)
    say_msg("ui.facts.count", style="dim", count=len(facts) if total is None else total)


def facts_sheet(facts: Sequence[Fact], total: int | None = None) -> None:
    """Facts as a study sheet, as `items_sheet` shows exam items (what `search` shows): the id and
    topic, the question in full width, then its answer. `total`: how many when this is one page."""
    from studycli.i18n import language

    rule(msg("ui.facts.title", count=len(facts) if total is None else total))
    for fact in facts:
        say_lines([("", None), (f"{fact.id}  [{fact.topic}]", "dim"), (pick({"ko": fact.ko, "en": fact.en}), "bold")])
        item("  → ", fact.show(fact.answer, language()), style="green")


def topics_table(rows: list[dict[str, Any]]) -> None:
    from rich.table import Table

    table = Table()
    table.add_column(msg("ui.topics.topic"), overflow="fold")
    table.add_column(msg("ui.topics.title"), overflow="fold")
    table.add_column(msg("ui.topics.facts"), justify="right")
    for row in rows:
        table.add_row(plain(row["topic"]), plain(pick(row["title"])), str(row["facts"]))
    console().print(table)


def summary_sheet(topic: Topic, facts: Sequence[Fact]) -> None:
    """One topic as a study sheet: prompt → answer, errata in red, supplementary facts marked."""
    from rich.table import Table

    from studycli.i18n import language
    from studycli.study.cards import answer_text

    table = Table(title=pick(topic.title), title_justify="left", show_header=False, show_lines=True, expand=True)
    table.add_column(ratio=3, overflow="fold")
    table.add_column(ratio=2, overflow="fold")
    for fact in facts:
        prompt = pick({"ko": fact.ko, "en": fact.en})
        if fact.supplementary:
            prompt = msg("ui.sheet.extra") + prompt
        answer = answer_text(fact.answer, language(), fact)
        if fact.erratum:
            answer += "\n" + msg("ui.sheet.erratum") + \
                f"{fact.erratum.notes_said} → {fact.erratum.correction(language())}"
        table.add_row(plain(prompt), plain(answer), style="red" if fact.erratum else None)
    console().print(table)


def items_sheet(items: Sequence[Item], total: int | None = None) -> None:
    """Exam items as a study sheet: the scenario, then the key (✓) and why it fits this scenario.
    `total` is how many there are when `items` is one page of them."""
    if not items:
        return
    say()
    rule(msg("ui.items.title", count=len(items) if total is None else total))
    for exam_item in items:
        say()
        say(f"{exam_item.id}  [{exam_item.topic}]", style="dim")
        say(pick(exam_item.stem), style="bold")
        for k in exam_item.key:
            option = exam_item.options[k]
            item(f"  ✓ {LETTERS[k]}. ", f"{pick(option.text)} — {pick(option.why)}", style="green")


def progress(items: Sequence[T], description: str) -> Iterator[T]:
    """Iterate with a progress bar on a terminal (stderr); silently in plain mode."""
    if not (sys.stderr.isatty() and len(items) > 50):
        yield from items
        return
    from rich.console import Console
    from rich.progress import track

    yield from track(items, description=description, console=Console(stderr=True))


def home_screen(doc: dict[str, Any]) -> None:
    """The dashboard: due and new cards, exam countdown, last scores, weakest topics, next steps."""
    from rich.panel import Panel
    from rich.table import Table

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    grid.add_row(msg("ui.home.due"), str(doc["due"]))
    grid.add_row(msg("ui.home.new_left"), str(doc["new_left_today"]))
    grid.add_row(msg("ui.home.streak"), msg("ui.home.streak_days", days=doc["streak_days"]))
    if doc["days_to_exam"] is not None:
        grid.add_row(msg("ui.home.days_to_exam"), f"{doc['days_to_exam']} ({doc['exam_date']})")
    for key, label in (("last_quiz", msg("ui.home.last_quiz")), ("last_exam", msg("ui.home.last_exam"))):
        score = doc[key]
        if score:
            text = f"{score['correct']}/{score['answered']}"
            if score.get("scaled_score") is not None:   # an exam: the scaled score and pass/fail first
                verdict = msg("exam.result.pass" if score.get("passed") else "exam.result.fail")
                text = msg("ui.home.exam_score", scaled=score["scaled_score"], verdict=verdict,
                           right=score["correct"], total=score.get("total") or score["answered"])
            grid.add_row(label, text)
    forecast = doc.get("exam_forecast") or {}
    if "score_band" in forecast:
        bands = forecast["score_band"]
        grid.add_row(msg("ui.home.exam_recall"), msg("ui.home.exam_recall_value", now=f"{forecast['recall']:.0%}",
                                                     scheduled=f"{forecast['recall_on_schedule']:.0%}"))
        grid.add_row(msg("ui.home.predicted_score"), msg(
            "ui.home.exam_score_value", scheduled=f"{bands['on_schedule']['low']}-{bands['on_schedule']['high']}",
            now=f"{bands['as_is']['low']}-{bands['as_is']['high']}", pass_score=bands["pass"]))
        if forecast["most_to_gain"]:
            grid.add_row(msg("ui.home.most_to_gain"), ", ".join(g["topic"] for g in forecast["most_to_gain"]))
    if doc["weakest_topics"]:
        grid.add_row(msg("ui.home.weakest"),
                     ", ".join(f"{w['topic']} {w['accuracy']:.0%}" for w in doc["weakest_topics"]))
    console().print(Panel(grid, title="studycli", title_align="left"))
    say_msg("ui.home.next", style="bold")
    for s in doc["suggestions"]:
        say(f"  {pick(s['text'])}  →  {' '.join(s['command'])}")


def menu(choices: list[dict[str, str]]) -> int | None:
    """A selection menu on a terminal; None when the learner leaves it."""
    import questionary

    labels = [pick(c) for c in choices]
    quit_label = msg("ui.menu.quit")
    # unsafe_ask: Ctrl-C raises KeyboardInterrupt (exit 130), no English "Cancelled by user"
    answer = questionary.select(msg("ui.menu.question"), choices=[*labels, quit_label]).unsafe_ask()
    if answer is None or answer == quit_label:
        return None
    return labels.index(answer)


def lines_text(lines: Iterable[int]) -> str:
    """[92, 93, 94, 95, 206] -> '92-95, 206'."""
    parts: list[str] = []
    run: list[int] = []
    for n in sorted(set(lines)):
        if run and n == run[-1] + 1:
            run.append(n)
            continue
        if run:
            parts.append(f"{run[0]}-{run[-1]}" if len(run) > 1 else str(run[0]))
        run = [n]
    if run:
        parts.append(f"{run[0]}-{run[-1]}" if len(run) > 1 else str(run[0]))
    return ", ".join(parts)


def notes_lines_label(lines: Sequence[int]) -> str:
    """'notes: line 5' / 'notes: lines 92-95, 206' (노트 92-95, 206행): where a card or scenario comes from."""
    key = "ui.notes_lines.many" if len(set(lines)) > 1 else "ui.notes_lines.one"
    return msg(key, lines=lines_text(lines))
