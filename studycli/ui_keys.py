"""Answering on a terminal: arrow keys, letter shortcuts, single keys and a ticking clock.

`studycli.ui` uses this module only when stdin and stdout are a terminal; pipes keep the
plain line mode. One small prompt_toolkit application serves every question type:

- a list of options with a pointer (↑/↓ or j/k move it, Enter chooses it); for "choose N"
  Space marks the option under the pointer and Enter refuses any other count;
- a line that takes typed text: a letter (`B`, `A,C`), a command word of the session
  (`f` flag, `n` next ...), an alias (`참`, `t`, `o` for true), or a typed answer;
- an optional clock line, redrawn every second while the prompt waits; when the clock
  reaches zero the prompt ends with `TIME_UP`.

Wrapped options hang under their text (Korean counts two columns a character), so no text
is lost or cut. `read_key` reads one key without Enter (review ratings).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
TIME_UP = "\x00time-up"            # what a prompt returns when its clock ran out
# A Korean keyboard layout types these jamo for the keys the sessions use (두벌식).
HANGUL_KEYS = {"ㅂ": "q", "ㅕ": "u", "ㅜ": "n", "ㅔ": "p", "ㄹ": "f", "ㄱ": "r", "ㄴ": "s", "ㅌ": "x"}


def cells(text: str) -> int:
    from prompt_toolkit.utils import get_cwidth

    return get_cwidth(text)


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most `width` cells, broken at spaces when a word fits, never cut short."""
    width = max(width, 4)
    out: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if cells(candidate) <= width:
                line = candidate
                continue
            if line:
                out.append(line)
            line = word
            while cells(line) > width:       # a word longer than the line: break it by cells
                cut, used = 0, 0
                while cut < len(line) and used + cells(line[cut]) <= width:
                    used += cells(line[cut])
                    cut += 1
                out.append(line[:cut])
                line = line[cut:]
        out.append(line)
    return out


@dataclass
class Prompt:
    """What one prompt asks. `options` empty: a typed answer."""

    label: str                                   # "Answer", "답" ...
    options: Sequence[str] = ()
    choose: int = 1
    extra_keys: Mapping[str, str] = field(default_factory=dict)
    aliases: Mapping[str, int] = field(default_factory=dict)   # typed word -> option index
    clock: Callable[[], str] | None = None       # the clock line's text, read at every redraw
    time_up: Callable[[], bool] | None = None
    words: Mapping[str, str] = field(default_factory=dict)     # hint and refusal texts (catalogue)
    parse: Callable[[str], Any] | None = None    # typed text -> an answer, or None to refuse
    allow_empty: bool = False                    # Enter alone answers "" (no options)


class _State:
    def __init__(self, prompt: Prompt):
        self.prompt = prompt
        self.pointer = 0
        self.marked: set[int] = set()
        self.typed = ""
        self.message = ""


def ask(prompt: Prompt) -> Any:
    """Run one prompt; returns option indexes, a command word, typed text, or TIME_UP.

    Ctrl-C raises KeyboardInterrupt; Ctrl-D does too (as in questionary)."""
    import asyncio

    from prompt_toolkit.application import Application
    from prompt_toolkit.key_binding import KeyBindings
    from prompt_toolkit.keys import Keys
    from prompt_toolkit.layout import HSplit, Layout, Window
    from prompt_toolkit.layout.controls import FormattedTextControl

    state = _State(prompt)
    kb = KeyBindings()
    many = prompt.choose > 1
    n = len(prompt.options)

    def finish(event: Any, value: Any) -> None:
        event.app.exit(result=value)

    @kb.add("up")
    @kb.add("c-p")
    def _up(event: Any) -> None:
        if n:
            state.pointer = (state.pointer - 1) % n

    @kb.add("down")
    @kb.add("c-n")
    @kb.add("tab")
    def _down(event: Any) -> None:
        if n:
            state.pointer = (state.pointer + 1) % n

    @kb.add("c-c")
    @kb.add("c-d")
    def _interrupt(event: Any) -> None:
        event.app.exit(exception=KeyboardInterrupt)

    @kb.add("backspace")
    @kb.add("c-h")
    def _back(event: Any) -> None:
        state.typed = state.typed[:-1]
        _follow_typed()

    @kb.add(" ")
    def _space(event: Any) -> None:
        if many and not state.typed:
            state.marked ^= {state.pointer}
            state.message = ""
        else:
            state.typed += " "

    @kb.add("enter")
    @kb.add("c-j")        # a line feed (what `sendline` and some terminals send for Enter)
    def _enter(event: Any) -> None:
        value = _decide(state)
        if value is not None:
            finish(event, value)

    @kb.add(Keys.Any)
    def _type(event: Any) -> None:
        data = event.data
        if data and data.isprintable():
            state.typed += data
            state.message = ""
            _follow_typed()

    def _follow_typed() -> None:
        """A single typed letter moves the pointer there, so the choice is seen before Enter."""
        t = state.typed.strip().upper()
        if len(t) == 1 and t in LETTERS[:n] and state.typed.strip() not in prompt.extra_keys:
            state.pointer = LETTERS.index(t)

    def text() -> Any:   # prompt_toolkit's StyleAndTextTuples
        from prompt_toolkit.application import get_app

        width = get_app().output.get_size().columns - 1
        frags: list[tuple[str, str]] = []
        if prompt.clock is not None:
            frags.append(("bold", prompt.clock() + "\n"))
        for i, option in enumerate(prompt.options):
            here = i == state.pointer
            box = ("[x] " if i in state.marked else "[ ] ") if many else ""
            marker = f"{'❯' if here else ' '} {box}{LETTERS[i]}. "
            indent = " " * cells(marker)
            for k, line in enumerate(wrap(option, width - cells(marker))):
                frags.append(("reverse" if here else "", (marker if k == 0 else indent) + line + "\n"))
        words = prompt.words
        if many:
            frags.append(("", words.get("marked", "") .format(marked=len(state.marked), count=prompt.choose) + "\n"))
        if state.message:
            for line in wrap(state.message, width):
                frags.append(("bold", line + "\n"))
        hint = words.get("hint", "")
        keys = "  ".join(f"[{k}] {v}" for k, v in prompt.extra_keys.items())
        for line in wrap("  ".join(p for p in (hint, keys) if p), width):
            frags.append(("", line + "\n"))
        frags.append(("bold", f"{prompt.label} > "))
        frags.append(("", state.typed))
        frags.append(("[SetCursorPosition]", ""))
        return frags

    control = FormattedTextControl(cast(Any, text), focusable=True, show_cursor=True)
    app: Application[Any] = Application(layout=Layout(HSplit([Window(control, wrap_lines=True,
                                                                     dont_extend_height=True)])),
                                        key_bindings=kb, erase_when_done=False, mouse_support=False)

    async def tick() -> None:
        while True:
            await asyncio.sleep(0.25)
            if prompt.time_up is not None and prompt.time_up():
                app.exit(result=TIME_UP)
                return
            app.invalidate()

    if prompt.clock is not None or prompt.time_up is not None:
        def start_ticking() -> None:
            app.create_background_task(tick())

        app.pre_run_callables.append(start_ticking)
    return app.run()


def _decide(state: _State) -> Any:
    """Enter: the answer when it is a valid one, else None (and a message saying why)."""
    prompt, words = state.prompt, state.prompt.words
    typed = state.typed.strip()
    n = len(prompt.options)
    if typed:
        lowered = typed.lower()
        lowered = HANGUL_KEYS.get(lowered, lowered)
        if lowered in prompt.extra_keys:
            return lowered
        if lowered in prompt.aliases:
            return [prompt.aliases[lowered]]
        if prompt.parse is not None:
            value = prompt.parse(typed)
            if value is not None:
                return value
        state.message = words.get("refuse", "")
        state.typed = ""
        return None
    if not n and prompt.allow_empty:
        return ""
    if not n:
        state.message = words.get("empty", "")
        return None
    if prompt.choose == 1:
        return [state.pointer]
    if len(state.marked) == prompt.choose:
        return sorted(state.marked)
    state.message = words.get("count", "").format(count=prompt.choose, marked=len(state.marked))
    return None


def read_key(allowed: Sequence[str]) -> str:
    """One key press without Enter: 'enter', 'space', or a character of `allowed` (others are
    ignored). Ctrl-C raises KeyboardInterrupt (the terminal still sends SIGINT); Ctrl-D too."""
    import termios
    import tty

    fd = sys.stdin.fileno()
    old = termios.tcgetattr(fd)
    try:
        tty.setcbreak(fd, termios.TCSANOW)   # not TCSAFLUSH: a key typed ahead (before this prompt) counts
        while True:
            raw = os.read(fd, 1)
            if not raw or raw == b"\x04":
                raise KeyboardInterrupt
            if raw == b"\x1b":                    # an escape sequence (arrow keys ...): skip it
                _skip_escape(fd)
                continue
            if raw[0] >= 0x80:                   # a multi-byte character (a Korean keyboard layout)
                raw += _drain(fd)
            key = raw.decode("utf-8", errors="ignore")
            key = {"\r": "enter", "\n": "enter", " ": "space"}.get(key, key)
            key = HANGUL_KEYS.get(key, key.lower())
            if key in allowed:
                return key
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, old)


def _drain(fd: int) -> bytes:
    """The rest of a multi-byte character already sent (within 20 ms)."""
    import select

    out = b""
    while len(out) < 3 and select.select([fd], [], [], 0.02)[0]:
        chunk = os.read(fd, 1)
        if not chunk:
            break
        out += chunk
        try:
            out.decode("utf-8")
            break
        except UnicodeDecodeError:
            continue
    return out


def _skip_escape(fd: int) -> None:
    """Read the rest of an escape sequence (ESC [ ... final byte), and no more: keys typed after
    it (an Enter right after an arrow key) stay to be read."""
    import select

    if not select.select([fd], [], [], 0.02)[0]:
        return
    second = os.read(fd, 1)
    if second not in (b"[", b"O"):
        return
    while select.select([fd], [], [], 0.02)[0]:
        byte = os.read(fd, 1)
        if not byte or 0x40 <= byte[0] <= 0x7E:
            return
