"""Issue 9: terminal charts: bars in eighths, columns scaled to the tallest, Korean labels aligned."""

from __future__ import annotations

from studycli.render.charts import bar, columns, hbars
from studycli.render.widths import pad, width


def test_bars_fill_in_eighths_and_cap_at_the_maximum():
    assert bar(0, 10, 4) == ""
    assert bar(10, 10, 4) == "████"
    assert bar(20, 10, 4) == "████"
    assert bar(5, 10, 4) == "██"
    assert bar(1, 16, 4) == "▎"   # 1/16 of 4 cells = 2 eighths


def test_korean_labels_line_up_with_english_ones():
    lines = hbars([("경보", 3), ("alarms", 6), ("CloudWatch 로그", 1)], cells=6)
    assert len({width(line.split("│")[0]) for line in lines}) == 1
    assert lines[1].split("│")[1] == "██████"
    assert width("경보") == 4 and pad("경보", 6) == "경보  "


def test_columns_scale_to_the_tallest_value():
    assert columns([0, 2, 4], height=2) == ["  █", " ██"]
    assert columns([1, 8], height=1) == ["▁█"]
    assert columns([0, 0]) == ["▁▁"]
