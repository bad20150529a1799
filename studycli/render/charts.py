"""Text charts for the terminal: horizontal bars and a column chart. Pure: numbers in, lines out.

Uses block characters only (no escape codes), so charts survive NO_COLOR and pipes.
"""

from __future__ import annotations

from typing import Any

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


def stats_chart_lines(charts: dict[str, Any]) -> list[tuple[str, str | None]]:
    """The charts of `studycli stats` as lines and their styles: forecast, history, accuracy by topic,
    mastery by domain (titles in the learner's language)."""
    from studycli.i18n import msg, pick

    lines: list[tuple[str, str | None]] = []

    def column_chart(title: str, rows: list[dict[str, Any]], key: str) -> None:
        values = [r[key] for r in rows]
        lines.append(("", None))
        lines.append((msg("ui.charts.title", title=title, max=max(values, default=0)), "bold"))
        lines.extend(("  │" + line, None) for line in columns(values, height=5))
        lines.append(("  └" + "─" * len(values), None))
        lines.append((f"   {rows[0]['date'][5:]}{' ' * max(1, len(values) - 10)}{rows[-1]['date'][5:]}", "dim"))

    column_chart(msg("ui.charts.forecast"), charts["forecast_30_days"], "due")
    column_chart(msg("ui.charts.ratings"), charts["reviews_per_day_30_days"], "reviews")
    if charts["accuracy_by_topic"]:
        lines += [("", None), (msg("ui.charts.accuracy"), "bold")]
        lines.extend(("  " + line, None) for line in hbars(
            [(a["topic"], a["accuracy"] * 100) for a in charts["accuracy_by_topic"]], cells=30, maximum=100, fmt="{:.0f}%"))
    lines += [("", None), (msg("ui.charts.mastery"), "bold")]
    lines.extend(("  " + line, None) for line in hbars(
        [(pick(m["title"]), m["mastery"] * 100) for m in charts["mastery_by_domain"]], cells=30, maximum=100, fmt="{:.0f}%"))
    return lines
