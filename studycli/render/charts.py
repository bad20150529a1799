"""Text charts for the terminal: horizontal bars and a column chart. Pure: numbers in, lines out.

Uses block characters only (no escape codes), so charts survive NO_COLOR and pipes.
"""

from __future__ import annotations

from studycli.render.widths import pad, width

EIGHTHS = " ▏▎▍▌▋▊▉█"
LEVELS = " ▁▂▃▄▅▆▇█"


def bar(value: float, maximum: float, cells: int) -> str:
    """A bar of `cells` character cells filled in eighths for value/maximum."""
    if maximum <= 0 or value <= 0:
        return ""
    eighths = round(min(value / maximum, 1.0) * cells * 8)
    full, part = divmod(eighths, 8)
    return "█" * full + (EIGHTHS[part] if part else "")


def hbars(rows: list[tuple[str, float]], *, cells: int = 30, maximum: float | None = None,
          fmt: str = "{:g}") -> list[str]:
    """One line per (label, value): the label padded to the widest (wide Korean characters count 2)."""
    if not rows:
        return []
    top = maximum if maximum is not None else max(v for _, v in rows)
    label_width = max(width(label) for label, _ in rows)
    return [f"{pad(label, label_width)} │{pad(bar(v, top, cells), cells)}│ {fmt.format(v)}" for label, v in rows]


def columns(values: list[int], *, height: int = 6) -> list[str]:
    """A column chart, one column per value, `height` rows tall, top row first."""
    top = max(values, default=0)
    if top <= 0:
        return ["▁" * len(values)]
    lines = []
    for row in range(height, 0, -1):
        line = []
        for v in values:
            level = v / top * height - (row - 1)
            line.append("█" if level >= 1 else LEVELS[max(0, round(level * 8))] if level > 0 else " ")
        lines.append("".join(line).rstrip() or "")
    return lines
