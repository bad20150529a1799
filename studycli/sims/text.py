"""Building messages out of messages: counts and lists, for engines that return `Msg` values.

Engines never hold text in a language: they return `Msg(key, params)` and the render
layer (`studycli.i18n.render`) picks the learner's language. A count picks the key's
`.one` or `.other` form so each catalogue inflects its own way; a list is a chain of
`sim.join.*` messages ("{a}, {b}", "{a}; {b}", ...), so its separator is data too.
"""

from __future__ import annotations

from collections.abc import Sequence

from studycli.i18n import Msg


def count(key: str, n: int) -> Msg:
    """`<key>.one` for 1, else `<key>.other`, with `{n}`."""
    return Msg(f"{key}.{'one' if n == 1 else 'other'}", {"n": n})


def joined(parts: Sequence[str | Msg], key: str = "sim.join.space") -> str | Msg:
    """The parts one after the other, separated as `key` says ("" for none)."""
    if not parts:
        return ""
    out: str | Msg = parts[0]
    for part in parts[1:]:
        out = Msg(key, {"a": out, "b": part})
    return out
