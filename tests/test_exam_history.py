"""Issue 16: history, `stats` and `home` show an exam's scaled score and pass/fail (not "2/2");
a paused exam says so; `exam --resume` with nothing paused is a one-line error."""

from __future__ import annotations

import json
import re

from test_quiz_cli import studycli

from studycli.study.exam import scaled_score

ARGS = ("exam", "--count", "2", "--seed", "5", "--minutes", "30")


def test_stats_and_home_show_the_scaled_score_and_the_verdict(tmp_path):
    qs = json.loads(studycli(tmp_path, *ARGS, "--json").stdout)
    right = ",".join("ABCDEF"[i] for i in qs[0]["correct"])
    wrong = ",".join("ABCDEF"[i] for i in range(qs[1]["choose"]) if i not in qs[1]["correct"]) or None
    answers = f"{right}\n{wrong or 'n'}\ns\n"
    assert studycli(tmp_path, *ARGS, stdin=answers).returncode == 0
    expected = scaled_score(1, 2)        # one right of two (the second wrong or skipped)
    stats = studycli(tmp_path, "stats")
    assert f"{expected}/1000 FAIL (right 1/2)" in stats.stdout
    assert not re.search(r"exam\s+\d/\d\s*$", stats.stdout, re.M)   # not the bare "1/2" of before
    home = json.loads(studycli(tmp_path, "home", "--json").stdout)
    assert home["last_exam"]["scaled_score"] == expected and home["last_exam"]["passed"] is False
    screen = studycli(tmp_path, "home", "--lang", "ko").stdout
    assert f"{expected}/1000 불합격 (정답 1/2)" in screen


def test_resume_with_no_paused_exam_is_a_one_line_error(tmp_path):
    result = studycli(tmp_path, "exam", "--resume")
    assert result.returncode == 1 and result.stderr.startswith("Error: no paused exam")
    assert len(result.stderr.strip().splitlines()) == 1
