"""Issue 16, acceptance 4: one test per exit code of the README's table (a `test_<code>_...`
function here for each row), Ctrl-C (130) included in every interactive command (a real
terminal, a real SIGINT). The store states (65, 74, 75, 77, 78) are tested in depth in
tests/test_store_states.py; here each is reached once through the command line."""

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


def test_every_code_of_the_readme_table_has_its_test_here():
    codes = readme_exit_codes()
    assert {0, 1, 2, 70, 130} <= codes
    tested = {int(name.split("_")[1]) for name in globals() if re.fullmatch(r"test_\d+_\w+", name)}
    assert codes == tested


def test_65_a_damaged_database(tmp_path):
    tmp_path.mkdir(exist_ok=True)
    (tmp_path / "studycli.db").write_bytes(b"this is not a database " * 200)
    result = studycli(tmp_path, "stats")
    assert result.returncode == 65 and result.stderr.startswith("Error: ") and "Traceback" not in result.stderr


def test_74_standard_output_cannot_be_written(tmp_path):
    import subprocess

    with open("/dev/full", "w") as full:
        result = subprocess.run([sys.executable, "-m", "studycli", "topics"], stdout=full, stderr=subprocess.PIPE,
                                text=True, env=env_for(tmp_path), timeout=120)
    assert result.returncode == 74 and result.stderr.startswith("Error: ") and "Traceback" not in result.stderr


def test_75_a_database_locked_by_another_studycli(tmp_path, monkeypatch, capsys):
    import sqlite3

    from studycli import cli
    from studycli import store as store_module

    monkeypatch.setenv("STUDYCLI_HOME", str(tmp_path))
    store_module.open_store(tmp_path / "studycli.db").close()
    holder = sqlite3.connect(tmp_path / "studycli.db", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_MS", 200)
    monkeypatch.setattr(sys, "argv", ["studycli", "config", "set", "new_per_day", "5"])
    try:
        with pytest.raises(SystemExit) as exit_info:
            cli.main()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert exit_info.value.code == 75 and "another studycli" in capsys.readouterr().err


def test_77_a_read_only_database(tmp_path):
    import subprocess

    mount = tmp_path / "mnt"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(mount)], capture_output=True).returncode:
        pytest.skip("cannot mount a tmpfs here (root only); tests/test_store_states.py covers 77 in-process")
    try:
        home = mount / "home"
        assert studycli(home, "review", stdin="\n3\n").returncode == 0
        subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
        result = studycli(home, "review", stdin="\n3\n")
        assert result.returncode == 77 and result.stderr.startswith("Error: "), result.stderr
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(mount)], capture_output=True)
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def test_78_a_database_of_a_newer_studycli(tmp_path):
    from test_store_states import newer

    tmp_path.mkdir(exist_ok=True)
    newer(tmp_path / "studycli.db")
    result = studycli(tmp_path, "stats")
    assert result.returncode == 78 and "newer studycli" in result.stderr


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
