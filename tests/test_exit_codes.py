"""Issue 16, acceptance 4: one test per exit code of the README's table, Ctrl-C (130) included
in every interactive command (a real terminal, a real SIGINT)."""

from __future__ import annotations

import re
import sys

import pytest
from conftest import REPO
from test_quiz_cli import env_for, studycli

pexpect = pytest.importorskip("pexpect")


def readme_exit_codes() -> set[int]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("## Exit codes", 1)[1].split("\n## ", 1)[0]
    return {int(m.group(1)) for m in re.finditer(r"^\| (\d+) \|", section, re.M)}


# The store's own codes (damaged 65, disk full 74, locked 75, read-only 77, newer version 78) are
# tested one by one in tests/test_store_states.py and tests/test_hostile_input.py.
STORE_CODES = {65, 74, 75, 77, 78}


def test_the_readme_table_has_the_codes_tested_here():
    assert readme_exit_codes() == {0, 1, 2, 70, 130} | STORE_CODES


def test_0_success(tmp_path):
    result = studycli(tmp_path, "scenario", "eventbridge", "--pattern", '{"source": ["a"]}', "--event",
                      '{"source": "b"}', "--json")
    assert result.returncode == 0 and '"match": false' in result.stdout   # no match is still success


def test_1_a_value_you_gave(tmp_path):
    result = studycli(tmp_path, "quiz", "--topic", "no-such-topic", "--count", "1")
    assert result.returncode == 1 and result.stderr.startswith("Error: ") and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("args", [["quiz", "--no-such-option"], ["scenario", "eventbridge", "--pattern", "{bad",
                                                                  "--event", "{}"]])
def test_2_a_wrong_command_line_or_an_invalid_pattern(tmp_path, args):
    result = studycli(tmp_path, *args)
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_70_a_bug_is_one_line_and_a_crash_log(tmp_path, monkeypatch, capsys):
    from studycli import cli

    def broken(standalone_mode: bool) -> None:
        raise RuntimeError("boom")

    monkeypatch.setenv("STUDYCLI_HOME", str(tmp_path))
    monkeypatch.setattr(cli, "app", broken)
    with pytest.raises(SystemExit) as exit_info:
        cli.main()
    assert exit_info.value.code == 70
    err = capsys.readouterr().err
    assert err.startswith("Error: internal error (RuntimeError: boom)") and len(err.strip().splitlines()) == 1
    assert "RuntimeError" in (tmp_path / "crash.log").read_text(encoding="utf-8")


# Ctrl-C at the first prompt of every command that waits for the learner.
INTERACTIVE = {
    "quiz": (["quiz", "--count", "2", "--seed", "1"], "Answer"),
    "exam": (["exam", "--count", "2", "--seed", "1", "--minutes", "5"], "Answer"),
    "review": (["review", "--limit", "2"], "show answer"),
    "scenario": (["scenario", "alarm", "alarm-cpu-spike-2-of-3"], "Your prediction"),
    "scenario play": (["scenario", "play", "alarm-cpu-spike-2-of-3"], "Your prediction"),
    "home": (["home"], "What next"),
}


@pytest.mark.parametrize("name", sorted(INTERACTIVE))
def test_130_ctrl_c_in_every_interactive_command(tmp_path, name):
    args, prompt = INTERACTIVE[name]
    child = pexpect.spawn(sys.executable, ["-m", "studycli", *args], env=env_for(tmp_path, TERM="xterm"),
                          encoding="utf-8", timeout=30, dimensions=(50, 120))
    try:
        child.expect(prompt)
        child.sendintr()
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert "Traceback" not in child.before
    assert child.exitstatus == 130, child.before[-500:]


def test_130_ctrl_c_in_a_command_that_does_not_ask(monkeypatch, capsys):
    # Ctrl-C while a command works (no prompt): KeyboardInterrupt anywhere becomes exit 130
    from studycli import cli

    def interrupted(standalone_mode: bool) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "app", interrupted)
    with pytest.raises(SystemExit) as exit_info:
        cli.main()
    assert exit_info.value.code == 130
    assert "Interrupted" in capsys.readouterr().err
