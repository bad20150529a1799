"""Issue 9: NO_COLOR, --no-color, --version, shell completion, --lang, user content packs, search, notes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest
from conftest import FIXTURES, REPO, run_cli

from studycli import __version__

pexpect = pytest.importorskip("pexpect")


def in_a_terminal(args: list[str], env: dict[str, str]) -> str:
    """Run studycli on a pseudo-terminal (so colour would be on) and return everything it wrote."""
    child = pexpect.spawn(sys.executable, ["-m", "studycli", *args], cwd=str(REPO), env=env, encoding="utf-8",
                          timeout=30, dimensions=(50, 120))
    child.expect(pexpect.EOF)
    child.close()
    return child.before


@pytest.mark.parametrize("args", [["notes", "config"], ["facts", "--topic", "cloudtrail"], ["topics"]])
def test_no_color_output_has_no_escape_codes(args):
    base = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    base.update(TERM="xterm-256color", FORCE_COLOR="1")
    coloured = in_a_terminal(args, base)
    assert "\x1b[" in coloured, "with colour on, a terminal gets escape codes (so this test can fail)"
    plain = in_a_terminal(args, {**base, "NO_COLOR": "1"})
    assert "\x1b" not in plain and plain.strip()
    flagged = in_a_terminal(["--no-color", *args], base)
    assert "\x1b" not in flagged


def test_version():
    result = run_cli("--version")
    assert result.returncode == 0 and result.stdout.strip() == f"studycli {__version__}"


# `studycli` as its console script starts it (argv[0] names the program; `python -m studycli`
# would make click call it "python -m studycli" and look for another completion variable).
AS_CONSOLE_SCRIPT = [sys.executable, "-c", "import sys; sys.argv[0] = 'studycli'; from studycli.cli import main; main()"]


def studycli_script(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([*AS_CONSOLE_SCRIPT, *args], capture_output=True, text=True, timeout=60, cwd=REPO,
                          env={**os.environ, **env})


@pytest.mark.parametrize("shell, marks", [
    ("bash", ["complete -o default -F _studycli_completion studycli", "_STUDYCLI_COMPLETE=complete_bash"]),
    ("zsh", ["#compdef studycli", "_STUDYCLI_COMPLETE=complete_zsh"]),
    ("fish", ["complete --command studycli", "_STUDYCLI_COMPLETE=complete_fish"]),
    ("powershell", ["Register-ArgumentCompleter", '$Env:_STUDYCLI_COMPLETE = "complete_powershell"']),
])
def test_completion_script_for_a_named_shell(shell, marks):
    """The script `eval "$(_STUDYCLI_COMPLETE=source_bash studycli)"` loads: named shell, no detection,
    so it does not matter which processes (a shell or none) started the test."""
    script = studycli_script(env={"_STUDYCLI_COMPLETE": f"source_{shell}"})
    assert script.returncode == 0, script.stderr
    for mark in marks:
        assert mark in script.stdout, f"{shell}: {mark!r} not in the script"


def test_completions_of_a_partial_command():
    words = studycli_script(env={"_STUDYCLI_COMPLETE": "complete_bash", "COMP_WORDS": "studycli qu", "COMP_CWORD": "1"})
    assert words.returncode == 0 and words.stdout.split() == ["quiz"], words.stdout[:300]
    sub = studycli_script(env={"_STUDYCLI_COMPLETE": "complete_bash", "COMP_WORDS": "studycli export ",
                               "COMP_CWORD": "2"})
    assert sorted(sub.stdout.split()) == ["anki", "csv"], sub.stdout[:300]


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash to be the shell that runs studycli")
def test_show_completion_gives_the_script_of_the_shell_that_runs_it():
    """`studycli --show-completion` finds its shell among its parents: here a bash the test starts
    itself (`; exit` keeps bash from exec-ing studycli in its place), whatever started pytest."""
    shown = subprocess.run([shutil.which("bash"), "-c", '"$@"; exit $?', "bash", *AS_CONSOLE_SCRIPT,
                            "--show-completion"], capture_output=True, text=True, timeout=60, cwd=REPO)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.strip() == studycli_script(env={"_STUDYCLI_COMPLETE": "source_bash"}).stdout.strip()


def test_lang_option_picks_the_language_of_content_and_messages():
    ko = run_cli("--lang", "ko", "topics")
    en = run_cli("--lang", "en", "topics")
    assert "주제" in ko.stdout and "topic" in en.stdout
    bad = run_cli("--lang", "fr", "topics")
    assert bad.returncode == 1 and bad.stderr.startswith("Error: --lang: 'fr'")


def test_a_broken_user_pack_gives_the_same_errors_as_shipped_content(tmp_path):
    shutil.copy(FIXTURES / "broken" / "unknown_key.yaml", tmp_path / "mine.yaml")
    direct = run_cli("content", "check", str(tmp_path))
    as_pack = run_cli("facts", "--content", str(tmp_path))
    assert direct.returncode == 1 and as_pack.returncode == 1 and "Traceback" not in as_pack.stderr
    assert as_pack.stderr.splitlines()[0] == "Error: " + direct.stdout.splitlines()[0]


def test_a_user_pack_adds_its_facts(tmp_path):
    shutil.copy(FIXTURES / "good" / "alarms.yaml", tmp_path / "mine.yaml")
    text = (tmp_path / "mine.yaml").read_text(encoding="utf-8").replace("cloudwatch/alarms", "my/pack")
    (tmp_path / "mine.yaml").write_text(text.replace("id: alarm-states", "id: my-states")
                                        .replace("id: config-price-per-item", "id: my-price"), encoding="utf-8")
    facts = json.loads(run_cli("facts", "--json", "--topic", "my/pack", "--content", str(tmp_path)).stdout)
    assert [f["id"] for f in facts] == ["my-states", "my-price"]
    assert run_cli("config", "set", "content_dirs", str(tmp_path)).returncode == 0
    configured = json.loads(run_cli("facts", "--json", "--topic", "my/pack").stdout)
    assert len(configured) == 2


def test_search_finds_facts_in_korean_and_english():
    english = json.loads(run_cli("search", "--json", "CreateExportTask").stdout)
    assert english and any("CreateExportTask" in json.dumps(f) for f in english)
    korean = json.loads(run_cli("search", "--json", "내보내기").stdout)
    assert korean and all("내보내기" in json.dumps(f, ensure_ascii=False) for f in korean)
    assert json.loads(run_cli("search", "--json", "zzzz-nothing-like-this").stdout) == []


def test_notes_sheet_marks_errata_and_supplementary_facts():
    sheet = run_cli("notes", "config", env={"COLUMNS": "160"}).stdout
    assert "Notes erratum:" in sheet and "[extra]" in sheet
    assert "[extra]" not in run_cli("notes", "config", "--notes-only", env={"COLUMNS": "160"}).stdout


def test_usage_errors_exit_2_with_clicks_message_and_no_traceback():
    for args in (["frobnicate"], ["quiz", "--count", "abc"], ["scenario", "alarm", "--nope"]):
        result = run_cli(*args)
        assert result.returncode == 2, args
        assert "Traceback" not in result.stderr and "Error:" in result.stderr


def test_lang_both_shows_the_tools_words_on_one_line_and_content_in_both():
    from studycli.i18n import pick, t

    assert t("답", "Answer", "both") == "답 / Answer"
    assert t("OK", "OK", "both") == "OK"
    assert pick({"ko": "경보", "en": "alarm"}, "both") == "경보\nalarm"
    result = run_cli("--lang", "both", "topics")
    assert "주제" in result.stdout and "topic" in result.stdout
