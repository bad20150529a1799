"""Issue 17: Ctrl-C exits 130 everywhere: in the middle of a long computation, while content
loads, at the home screen's prompt: one line on stderr, never a traceback, and every answer
given before it is saved.

The study sessions (review, quiz, exam, scenario play) are the one place Ctrl-C means "stop
here" rather than "abort": they end with their summary and exit 0, as test_learner_ux.py
requires in a terminal; here the same holds with input from a pipe.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO

from studycli.errors import CODES

INTERRUPTED = CODES["Interrupted"].exit_code


def start(args: list[str], home: Path, env: dict | None = None) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "studycli", *args], cwd=REPO, text=True,
                            env={**os.environ, "STUDYCLI_HOME": str(home), "NO_COLOR": "1", **(env or {})},
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def interrupt(proc: subprocess.Popen, after: float | None = None, when=None) -> tuple[str, str]:
    """Send SIGINT (what Ctrl-C sends) once `when()` holds (or after `after` seconds); the outputs."""
    deadline = time.monotonic() + 60
    if when is not None:
        while not when() and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.02)
    else:
        time.sleep(after or 0)
    assert proc.poll() is None, "the command finished before it could be interrupted: the test tested nothing"
    proc.send_signal(signal.SIGINT)
    try:
        return proc.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        pytest.fail("Ctrl-C did not stop the command within 10 s")


def assert_interrupted(proc: subprocess.Popen, out: str, err: str) -> None:
    assert proc.returncode == INTERRUPTED, (proc.returncode, err[-500:])
    assert "Traceback" not in err, err
    assert "Interrupted" in err


def test_ctrl_c_at_a_review_prompt_stops_the_session_and_keeps_the_rating_given(studycli_home):
    proc = start(["review"], studycli_home)
    proc.stdin.write("\n3\n")  # one card rated; the next one waits for Enter
    proc.stdin.flush()
    db = studycli_home / "studycli.db"

    def rated() -> bool:
        try:
            return db.exists() and sqlite3.connect(db).execute("SELECT COUNT(*) FROM review_log").fetchone()[0] == 1
        except sqlite3.Error:
            return False

    out, err = interrupt(proc, when=rated)
    assert proc.returncode == 130 and "Traceback" not in err, err   # Ctrl-C exits 130 everywhere (issues 16, 17)
    assert "Reviewed 1" in out or "1 card" in out or "Summary" in out or out.strip()
    assert sqlite3.connect(db).execute("SELECT COUNT(*) FROM review_log").fetchone()[0] == 1


@pytest.mark.parametrize("args", [["quiz", "--count", "3", "--seed", "1"], ["exam", "--count", "3", "--seed", "1"],
                                  ["scenario", "play", "alarm-cpu-spike-2-of-3"]], ids=" ".join)
def test_ctrl_c_at_a_session_prompt_ends_the_session_cleanly(studycli_home, args):
    proc = start(args, studycli_home)
    out, err = interrupt(proc, after=4.0)
    assert proc.returncode in (0, INTERRUPTED) and "Traceback" not in err, (proc.returncode, err)


def test_ctrl_c_at_the_home_screen_exits_130(studycli_home):
    # The home screen asks what to do next only in a terminal (from a pipe it prints and ends).
    import pexpect

    child = pexpect.spawn(sys.executable, ["-m", "studycli"], cwd=str(REPO), encoding="utf-8", timeout=60,
                          env={**os.environ, "STUDYCLI_HOME": str(studycli_home), "NO_COLOR": "1", "TERM": "xterm",
                               "STUDYCLI_LANG": "en"}, dimensions=(50, 120))
    try:
        child.expect("What next")
        child.sendintr()
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == INTERRUPTED and "Traceback" not in child.before, child.before[-500:]
    assert "Interrupted" in child.before


@pytest.fixture(scope="module")
def big_log(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("big") / "big.log"
    line = '{"level": "ERROR", "status": 500, "msg": "payment failed for order 12345 after 3 retries"}\n'
    path.write_text(line * 400_000)
    return path


@pytest.mark.parametrize("args", [
    # groups of three fields: several times the two seconds waited, however fast the machine is that day
    ["scenario", "insights", "--query", "stats count(*) by level, msg, status", "--log", "{log}"],
    ["scenario", "logs", "--filter", "{ $.status = 5* }", "--events", "{log}"],
], ids=lambda a: a[1])
def test_ctrl_c_in_a_long_computation_exits_130_at_once(studycli_home, big_log, args):
    proc = start([a.replace("{log}", str(big_log)) for a in args], studycli_home)
    started = time.monotonic()
    out, err = interrupt(proc, after=2.0)
    assert_interrupted(proc, out, err)
    assert time.monotonic() - started < 2.0 + 5.0


def big_pack(directory: Path, copies: int = 6) -> Path:
    """The shipped facts files `copies` times over, renamed (new topics and ids): seconds to validate."""
    import re

    from studycli.paths import content_dir

    directory.mkdir()
    for n in range(copies):
        for source in sorted(content_dir().glob("*.yaml")):
            text = re.sub(r"(?m)^topic: (\S+)", rf"topic: copy{n}/\1", source.read_text(encoding="utf-8"))
            text = re.sub(r"(?m)^(\s*- id: )(\S+)", rf"\1copy{n}-\2", text)
            (directory / f"copy{n}-{source.name}").write_text(text, encoding="utf-8")
    return directory


def test_ctrl_c_while_content_loads_exits_130(studycli_home, tmp_path):
    # No cache, and a pack six times the shipped content: its files are parsed and validated for
    # several seconds, and Ctrl-C comes in the middle of that.
    pack = big_pack(tmp_path / "pack")
    proc = start(["facts", "--json", "--content", str(pack)], studycli_home, env={"STUDYCLI_NO_CACHE": "1"})
    out, err = interrupt(proc, after=0.8)
    assert_interrupted(proc, out, err)
    assert out == "", "a half JSON document reached stdout"
