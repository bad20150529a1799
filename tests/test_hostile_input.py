"""Issue 17, acceptance 1: the second round of hostile input, one test per reproduction.

The table below has one group per bullet of the issue's first list (data loss, hangs,
tracebacks, "this is a bug" on plain input, escapes, wrong diagnosis) and one row per
reproduction in it. Every row runs the real CLI in a subprocess and checks the same four
things on top of its own expectations:

- no traceback on stderr and exit code never 70 (InternalError);
- it ends in under 5 seconds (the subprocess is killed at 5 s: a hang fails);
- the exit code is the one the README's tables give, with the error's code where there is one;
- no file that should not change changed (each row names the files it protects).

Rows that need a full disk or a read-only file system mount a small tmpfs and skip where
they cannot (not root, no mount); the same states are tested in-process in test_store_states.py.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import REPO

from studycli.errors import CODES

LIMIT_SECONDS = 5.0
ESC = "\x1b"


@dataclass
class Ran:
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    stdout_bytes: bytes = b""


def run(args: list, *, home: Path, env: dict | None = None, stdin: str | None = None, driver: str | None = None,
        stdout=None, close_stdin: bool = False, timeout: float = LIMIT_SECONDS) -> Ran:
    """`studycli ARGS` (or a Python driver that runs it) with STUDYCLI_HOME=home, killed after `timeout`."""
    full_env = {**os.environ, "STUDYCLI_HOME": str(home), "NO_COLOR": "1", "STUDYCLI_LANG": "en",
                "PYTHONDONTWRITEBYTECODE": "1", **(env or {})}
    full_env = {k: v for k, v in full_env.items() if v is not None}
    command = [sys.executable, "-c", driver, *args] if driver else [sys.executable, "-m", "studycli", *args]
    started = time.monotonic()
    try:
        proc = subprocess.run(command, input=None if close_stdin else (stdin or "").encode(),
                              stdin=subprocess.DEVNULL if close_stdin else None,
                              stdout=stdout or subprocess.PIPE, stderr=subprocess.PIPE, env=full_env, cwd=REPO,
                              timeout=timeout, preexec_fn=(lambda: os.close(0)) if close_stdin else None)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{args}: still running after {timeout} s (a hang)")
    seconds = time.monotonic() - started
    out = proc.stdout or b""
    return Ran(proc.returncode, out.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace"), seconds, out)


def snapshot(paths: list[Path]) -> dict[Path, tuple]:
    """What must not change: each path's kind, mode, link target and bytes."""
    seen = {}
    for path in paths:
        try:
            info = os.lstat(path)
        except FileNotFoundError:
            seen[path] = None
            continue
        content = path.read_bytes() if stat.S_ISREG(info.st_mode) else None
        target = os.readlink(path) if stat.S_ISLNK(info.st_mode) else None
        seen[path] = (stat.S_IFMT(info.st_mode), stat.S_IMODE(info.st_mode), target, content)
    return seen


@dataclass
class Row:
    bullet: str                       # the issue's bullet this reproduces
    name: str
    args: list | Callable[[Path], list]
    exit: int                         # the expected exit code
    code: str | None = None           # the error code whose exit that is (checked against errors.CODES)
    stderr: str = ""                  # text the stderr must contain ("" when anything goes)
    stdout: str = ""                  # text the stdout must contain
    env: dict = field(default_factory=dict)
    stdin: str | None = None
    setup: Callable[[Path, Path], None] | None = None   # (tmp_path, home) -> None, before the run
    protect: Callable[[Path, Path], list[Path]] = lambda tmp, home: []
    check: Callable[[Ran, Path, Path], None] | None = None
    driver: str | None = None
    close_stdin: bool = False
    needs_content: bool = False       # reads the shipped content (a warmed cache keeps it quick)


# --- set-ups ---------------------------------------------------------------------------

def a_database(tmp: Path, home: Path) -> None:
    """A healthy progress database with a rating in it."""
    result = run(["review"], home=home, stdin="\n3\n", timeout=60)
    assert result.returncode == 0, result.stderr
    assert (home / "studycli.db").is_file()


def existing_csv(tmp: Path, home: Path) -> None:
    (tmp / "out.csv").write_text("keep me\n")
    (tmp / "out.csv").chmod(0o600)


def a_symlink(tmp: Path, home: Path) -> None:
    existing_csv(tmp, home)
    (tmp / "link.csv").symlink_to("out.csv")


def a_hard_link(tmp: Path, home: Path) -> None:
    existing_csv(tmp, home)
    os.link(tmp / "out.csv", tmp / "hard.csv")


def a_fifo(tmp: Path, home: Path) -> None:
    os.mkfifo(tmp / "fifo")


def a_long_line(tmp: Path, home: Path) -> None:
    (tmp / "a31.log").write_text("a" * 31 + "!\n")


def deep_json(tmp: Path, home: Path) -> None:
    (tmp / "deep.json").write_text("[" * 100_000 + "]" * 100_000)


def big_integer_event(tmp: Path, home: Path) -> None:
    (tmp / "big.json").write_text('{"source": "x", "n": ' + "9" * 5000 + "}")


def big_number_spec(digits: int) -> Callable[[Path, Path], None]:
    def setup(tmp: Path, home: Path) -> None:
        (tmp / "spec.yaml").write_text(
            "alarm:\n  metric: CPUUtilization\n  statistic: Average\n  period: 60\n  evaluation_periods: 3\n"
            "  datapoints_to_alarm: 2\n  comparison: GreaterThanThreshold\n  threshold: 1" + "0" * digits + "\n"
            "  treat_missing_data: missing\ndatapoints: [1, 2, 3]\n")
    return setup


def a_pack(text: str) -> Callable[[Path, Path], None]:
    def setup(tmp: Path, home: Path) -> None:
        pack = tmp / "pack"
        pack.mkdir()
        (pack / "hostile.yaml").write_text(text, encoding="utf-8")
    return setup


def fixture_pack(*replacements: tuple[str, str]) -> Callable[[Path, Path], None]:
    """The good fixture pack as topic hostile/pack, with its text replaced as given."""
    from conftest import FIXTURES

    def setup(tmp: Path, home: Path) -> None:
        text = (FIXTURES / "good" / "alarms.yaml").read_text(encoding="utf-8")
        text = text.replace("cloudwatch/alarms", "hostile/pack").replace("id: alarm-states", "id: hostile-states")
        text = text.replace("id: config-price-per-item", "id: hostile-price")
        for old, new in replacements:
            assert old in text, old
            text = text.replace(old, new)
        a_pack(text)(tmp, home)
    return setup


escape_pack = fixture_pack(
    ("en: Alarms}", 'en: "\\e]0;pwned\\a Alarms"}'),
    ("en: The three states a CloudWatch alarm can be in",
     'en: "\\e[2J\\e[31mcleared? The three states a CloudWatch alarm can be in\\x9b0m"'),
    ("answer: [OK, ALARM, INSUFFICIENT_DATA]", 'answer: ["\\e[5mOK", ALARM, INSUFFICIENT_DATA]'))
nan_pack = fixture_pack(("answer: {value: 0.003, unit: USD}", "answer: {value: .nan, unit: USD}"))
big_int_pack = fixture_pack(("answer: {value: 0.003, unit: USD}", "answer: {value: 1" + "0" * 5000 + ", unit: USD}"))


def alias_pack(tmp: Path, home: Path) -> None:
    anchor = "x" * 1_000_000
    a_pack(f"topic: bomb/pack\nanchor: &big \"{anchor}\"\nfacts: [{', '.join(['*big'] * 300)}]\n")(tmp, home)


def escape_log(tmp: Path, home: Path) -> None:
    (tmp / "hostile.log").write_text("ERROR \x1b]0;pwned\x07 \x1b[2J\x1b[31mred \x9b31m\n"
                                     '{"level": "ERROR", "msg": "\\u001b[2J json"}\n', encoding="utf-8")


def corrupted_page(tmp: Path, home: Path) -> None:
    """A healthy database, then the cards table's pages overwritten (what a bad sector does)."""
    import sqlite3

    a_database(tmp, home)
    db = sqlite3.connect(home / "studycli.db")
    page_size = db.execute("PRAGMA page_size").fetchone()[0]
    root = db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'cards'").fetchone()[0]
    db.close()
    with open(home / "studycli.db", "r+b") as f:
        f.seek((root - 1) * page_size)
        f.write(b"\x07" * 64)


def newer_database(tmp: Path, home: Path) -> None:
    import sqlite3

    a_database(tmp, home)
    db = sqlite3.connect(home / "studycli.db")
    db.execute("INSERT INTO migrations(name, applied_at) VALUES ('_m900_from_the_future', '2030-01-01')")
    db.commit()
    db.close()


def home_is_a_file(tmp: Path, home: Path) -> None:
    home.write_text("not a directory\n")


def protect_db(tmp: Path, home: Path) -> list[Path]:
    return [home / "studycli.db", home / "studycli.db-wal", home / "studycli.db-shm"]


# A user with no HOME and no passwd entry: what Python sees for a uid that /etc/passwd does not list.
NO_PASSWD = """
import os, pwd, runpy, sys
def no_entry(uid):
    raise KeyError(f"getpwuid(): uid not found: {uid}")
pwd.getpwuid = no_entry
for name in ("HOME", "STUDYCLI_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
    os.environ.pop(name, None)
sys.argv = ["studycli", *sys.argv[1:]]
runpy.run_module("studycli", run_name="__main__", alter_sys=True)
"""


def strict_json(text: str) -> object:
    def refuse(name: str) -> object:
        raise ValueError(f"{name} is not JSON")
    return json.loads(text, parse_constant=refuse)


def no_escape(result: Ran, tmp: Path, home: Path) -> None:
    for stream in (result.stdout, result.stderr):
        assert ESC not in stream and "\x07" not in stream and "\x9b" not in stream, stream[:500]


def json_strict(result: Ran, tmp: Path, home: Path) -> None:
    strict_json(result.stdout)


def untouched_tmpdir(result: Ran, tmp: Path, home: Path) -> None:
    assert sorted(os.listdir(tmp / "tmpdir")) == [], "a temporary file was left behind"
    assert sorted(p.name for p in (tmp / "out").iterdir()) == ["deck.apkg"]


def make_dirs(*names: str) -> Callable[[Path, Path], None]:
    def setup(tmp: Path, home: Path) -> None:
        for name in names:
            (tmp / name).mkdir()
    return setup


def stdin_ignored(result: Ran, tmp: Path, home: Path) -> None:
    assert "Traceback" not in result.stderr


LOSS, HANGS, TRACEBACKS, BUGS, ESCAPES, DIAGNOSIS = (
    "data loss", "hangs", "tracebacks", "exit 70 on plain input", "escapes", "wrong diagnosis")

ROWS = [
    # --- Data loss -----------------------------------------------------------------------
    Row(LOSS, "export onto the progress database", lambda t: ["export", "csv", str(t / "home" / "studycli.db")],
        1, "ExportRefused", "inside studycli's data directory", setup=a_database, protect=protect_db,
        needs_content=True),
    Row(LOSS, "export over an existing file without --force", lambda t: ["export", "csv", str(t / "out.csv")],
        1, "ExportRefused", "give --force", setup=existing_csv, protect=lambda t, h: [t / "out.csv"], needs_content=True),
    Row(LOSS, "export through a symlink keeps the link and the mode", lambda t: ["export", "csv", str(t / "link.csv"),
                                                                               "--force"],
        0, setup=a_symlink, protect=lambda t, h: [t / "link.csv"], needs_content=True,
        check=lambda r, t, h: (stat.S_IMODE(os.stat(t / "out.csv").st_mode) == 0o600
                               and (t / "out.csv").read_text().startswith("card_id,")) or pytest.fail("not written through")),
    Row(LOSS, "export onto a hard link", lambda t: ["export", "csv", str(t / "hard.csv"), "--force"],
        1, "ExportRefused", "hard links", setup=a_hard_link, protect=lambda t, h: [t / "out.csv", t / "hard.csv"],
        needs_content=True),
    Row(LOSS, "export onto a FIFO", lambda t: ["export", "csv", str(t / "fifo"), "--force"],
        1, "ExportRefused", "named pipe", setup=a_fifo, protect=lambda t, h: [t / "fifo"], needs_content=True),
    Row(LOSS, "export onto a device node", ["export", "csv", "/dev/null", "--force"],
        1, "ExportRefused", "device", protect=lambda t, h: [Path("/dev/null")], needs_content=True),
    Row(LOSS, "export - is standard output", ["export", "csv", "-"], 0, stdout="card_id,fact_id,",
        protect=lambda t, h: [REPO / "-"], needs_content=True),
    # --- Hangs -------------------------------------------------------------------------
    Row(HANGS, "filter regex %a*a*a*b% against 5,000 characters",
        ["scenario", "logs", "--filter", "%a*a*a*b%", "--event", "a" * 5000], 0, stdout="no match"),
    Row(HANGS, "Insights regex /(a+)+$/ against 31 characters",
        lambda t: ["scenario", "insights", "--query", "filter @message like /(a+)+$/", "--log", str(t / "a31.log")],
        0, stdout="0 of 1 records matched", setup=a_long_line),
    Row(HANGS, "space-delimited pattern against 20,000 fields",
        ["scenario", "logs", "--filter", "[..., a = x*, ..., b = y*, c]", "--event", " ".join(["z"] * 20_000)],
        0, stdout="no match"),
    # --- Tracebacks --------------------------------------------------------------------
    Row(TRACEBACKS, "pattern key \\ud800 with --json",
        ["scenario", "eventbridge", "--pattern", '{"\\ud800": ["x"]}', "--event", '{"\\ud800": "x"}', "--json"],
        0, check=json_strict),
    Row(TRACEBACKS, "lone surrogate in a printed field with --json",
        ["scenario", "logs", "--filter", "{ $.a = * }", "--event", '{"a": "\\ud800"}', "--json"], 0,
        check=lambda r, t, h: strict_json(r.stdout)["fields"] == {"$.a": "\ud800"} or pytest.fail(r.stdout)),
    Row(TRACEBACKS, "a non-UTF-8 byte with --json",
        [b"scenario", b"logs", b"--filter", b"ERROR", b"--event", b"\xff ERROR", b"--json"], 2, "Usage",
        "is not valid UTF-8 (byte 0xff)"),
    Row(TRACEBACKS, "STUDYCLI_HOME='~nouser/x' (stats)", ["stats"], 1, "StoreUnavailable", "names no user's home",
        env={"STUDYCLI_HOME": "~nouser-of-studycli/x"}),
    Row(TRACEBACKS, "STUDYCLI_HOME='~nouser/x' (facts need no store)", ["facts", "--topic", "cloudtrail"], 0,
        env={"STUDYCLI_HOME": "~nouser-of-studycli/x"}),
    Row(TRACEBACKS, "no HOME and no passwd entry (stats)", ["stats"], 1, "StoreUnavailable", "no home directory",
        driver=NO_PASSWD),
    Row(TRACEBACKS, "no HOME and no passwd entry (facts)", ["facts", "--topic", "cloudtrail"], 0, driver=NO_PASSWD),
    # --- Exit 70 on plain bad input ----------------------------------------------------
    Row(BUGS, "an integer over 4,300 digits in content", lambda t: ["content", "check", str(t / "pack")], 1,
        stdout="a whole number of 5001 digits is too long", setup=big_int_pack),
    Row(BUGS, "an integer over 4,300 digits in an event", lambda t: [
        "scenario", "eventbridge", "--pattern", '{"n": [{"numeric": [">", 0]}]}', "--event", str(t / "big.json")],
        0, stdout="match", setup=big_integer_event),
    Row(BUGS, "an integer over 4,300 digits in a spec", lambda t: ["scenario", "alarm", "--spec", str(t / "spec.yaml")],
        2, "InvalidSpec", "a whole number of 5001 digits is too long", setup=big_number_spec(5000)),
    Row(BUGS, "a 400-digit spec number", lambda t: ["scenario", "alarm", "--spec", str(t / "spec.yaml")],
        2, "InvalidParameterValue", "beyond the range of a double", setup=big_number_spec(400)),
    Row(BUGS, "rate(1000000 days)", ["scenario", "schedule", "rate(1000000 days)"], 0, stdout="no more runs"),
    Row(BUGS, "config --cost --items 1e32", ["scenario", "config", "--cost", "--items", "1e32", "--evaluations", "1"],
        2, stderr="is not a valid int"),
    Row(BUGS, "config --cost with 33-digit counts", ["scenario", "config", "--cost", "--items", "1" + "0" * 32,
                                                    "--evaluations", "1" + "0" * 32, "--json"], 0, check=json_strict),
    Row(BUGS, "exam --minutes 99999999999999", ["exam", "--minutes", "99999999999999"], 1, "InvalidValue",
        "more than 10080"),
    Row(BUGS, "STUDYCLI_NOW=9999-12-31T23:59:59+00:00", ["stats"], 1, "InvalidValue", "STUDYCLI_NOW",
        env={"STUDYCLI_NOW": "9999-12-31T23:59:59+00:00"}),
    Row(BUGS, "245 nested parentheses in a composite rule",
        ["scenario", "composite", "--rule", "(" * 245 + "ALARM(a)" + ")" * 245, "--state", "a=ALARM"], 0, stdout="ALARM"),
    Row(BUGS, "5,000 nested parentheses (within AWS's 10,240 characters)",
        ["scenario", "composite", "--rule", "(" * 5000 + "ALARM(a)" + ")" * 5000, "--state", "a=OK", "--json"],
        2, "InvalidAlarmRule", check=lambda r, t, h: strict_json(r.stdout)["position"] == 500 or pytest.fail(r.stdout)),
    Row(BUGS, "JSON nested 100k deep (event)", lambda t: [
        "scenario", "eventbridge", "--pattern", '{"a": ["x"]}', "--event", str(t / "deep.json")],
        2, "InvalidEvent", "nests more than 1100 levels", setup=deep_json),
    Row(BUGS, "JSON nested 100k deep (event pattern)", lambda t: [
        "scenario", "eventbridge", "--pattern", str(t / "deep.json"), "--event", "{}"],
        2, "LimitExceededException", "event pattern size quota is 2,048", setup=deep_json),
    Row(BUGS, "JSON nested 100k deep (log events)", lambda t: [
        "scenario", "logs", "--filter", "{ $.a = 1 }", "--events", str(t / "deep.json")], 0,
        stdout="0 of 1 events match", setup=deep_json),
    Row(BUGS, "regex {99999999999}", ["scenario", "logs", "--filter", "%a{99999999999}%", "--event", "aaa"], 0),
    Row(BUGS, "lone surrogates in input and output", ["scenario", "logs", "--filter", "{ $.a = * }",
                                                      "--event", '{"a": "\\udc80\\ud800"}'], 0, stdout="$.a = \ufffd\ufffd"),
    Row(BUGS, "a 250-character export name", lambda t: ["export", "csv", str(t / ("x" * 246 + ".csv"))], 0,
        needs_content=True, check=lambda r, t, h: (t / ("x" * 246 + ".csv")).is_file() or pytest.fail("not written")),
    Row(BUGS, "an export name past the file system's 255 bytes", lambda t: ["export", "csv", str(t / ("x" * 300))],
        74, "OutputFailed", "File name too long", needs_content=True),
    Row(BUGS, "STUDYCLI_HOME is a file (stats)", ["stats"], 1, "StoreUnavailable", "Not a directory",
        setup=home_is_a_file, protect=lambda t, h: [h]),
    Row(BUGS, "STUDYCLI_HOME is a file (facts need no store)", ["facts", "--topic", "cloudtrail"], 0,
        setup=home_is_a_file, protect=lambda t, h: [h]),
    Row(BUGS, "stdout to /dev/full", ["facts", "--topic", "cloudtrail"], 74, "DiskFull",
        "cannot write to standard output (No space left on device)"),
    Row(BUGS, "stdin closed", ["review"], 0, close_stdin=True, needs_content=True),
    Row(BUGS, "PYTHONIOENCODING=ascii", ["facts", "--topic", "cloudtrail"], 0, stdout="CloudTrail",
        env={"PYTHONIOENCODING": "ascii"}),
    Row(BUGS, "a corrupted database page", ["stats"], 65, "StoreDamaged", "damaged", setup=corrupted_page,
        protect=protect_db, needs_content=True),
    # --- Escapes -----------------------------------------------------------------------
    Row(ESCAPES, "control sequences in a content pack (facts)",
        lambda t: ["facts", "--topic", "hostile/pack", "--content", str(t / "pack")], 0, stdout="cleared?",
        setup=escape_pack, check=no_escape),
    Row(ESCAPES, "control sequences in a content pack (notes)",
        lambda t: ["notes", "hostile/pack", "--content", str(t / "pack")], 0, setup=escape_pack, check=no_escape),
    Row(ESCAPES, "control sequences in a content pack, with colour", lambda t: [
        "facts", "--topic", "hostile/pack", "--content", str(t / "pack")], 0, setup=escape_pack,
        env={"NO_COLOR": None, "FORCE_COLOR": "1", "TERM": "xterm-256color"},
        check=lambda r, t, h: ("]0;pwned" not in r.stdout and "\x1b[2J" not in r.stdout
                               and "\x1b[5m" not in r.stdout) or pytest.fail(r.stdout[:400])),
    Row(ESCAPES, "control sequences in a log file (logs)", lambda t: [
        "scenario", "logs", "--filter", "ERROR", "--events", str(t / "hostile.log")], 0, setup=escape_log,
        check=no_escape),
    Row(ESCAPES, "control sequences in a log file (insights)", lambda t: [
        "scenario", "insights", "--query", "fields @message, msg", "--log", str(t / "hostile.log")], 0,
        setup=escape_log, check=no_escape),
    Row(ESCAPES, "facts --json with NaN in content (refused: JSON has no NaN)", lambda t: [
        "facts", "--topic", "hostile/pack", "--content", str(t / "pack"), "--json"], 1, "InvalidContent",
        "value: expected a finite number, got a number nan", setup=nan_pack),
    Row(ESCAPES, "scenario logs --json with 1e999", ["scenario", "logs", "--filter", "{ $.a > 1 }",
                                                    "--event", '{"a": 1e999}', "--json"], 0, check=json_strict),
    Row(ESCAPES, "scenario logs --json with NaN (not JSON to AWS)", [
        "scenario", "logs", "--filter", "{ $.a = * }", "--event", '{"a": NaN}', "--json"], 0,
        check=lambda r, t, h: strict_json(r.stdout) == {"match": False, "fields": {}} or pytest.fail(r.stdout)),
    # --- Wrong diagnosis ---------------------------------------------------------------
    Row(DIAGNOSIS, "a database written by a newer studycli", ["stats"], 78, "StoreTooNew", "newer studycli",
        setup=newer_database, protect=protect_db, needs_content=True),
    Row(DIAGNOSIS, "facts work beside a newer database", ["facts", "--topic", "cloudtrail"], 0,
        setup=newer_database, protect=protect_db),
    Row(DIAGNOSIS, "a 1 MB anchor aliased 300 times", lambda t: ["content", "check", str(t / "pack")], 1,
        stdout="aliases expand this document to 301,", setup=alias_pack,
        check=lambda r, t, h: not any(b"bomb/pack" in f.read_bytes() for f in (h / "cache").glob("*"))
        or pytest.fail("the refused pack was cached")),
    Row(DIAGNOSIS, "export anki leaves no temp file", lambda t: ["export", "anki", str(t / "out" / "deck.apkg")], 0,
        setup=make_dirs("tmpdir", "out"), check=untouched_tmpdir, needs_content=True),
]


@pytest.fixture(scope="session")
def warm_cache(tmp_path_factory) -> Path:
    """A content cache built once, copied into each row's home that reads the shipped content."""
    home = tmp_path_factory.mktemp("warm") / "home"
    result = run(["facts", "--json"], home=home, timeout=120)
    assert result.returncode == 0, result.stderr
    return home / "cache"


@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"{r.bullet}: {r.name}")
def test_hostile_input(row: Row, tmp_path, warm_cache):
    home = tmp_path / "home"
    if row.needs_content:
        home.mkdir()
        shutil.copytree(warm_cache, home / "cache")
    if row.setup is not None:
        row.setup(tmp_path, home)
    env = {**row.env}
    if row.check is untouched_tmpdir:
        env["TMPDIR"] = str(tmp_path / "tmpdir")
    protected = row.protect(tmp_path, home)
    before = snapshot(protected)
    args = row.args(tmp_path) if callable(row.args) else row.args
    stdout = None
    if "/dev/full" in row.name:
        stdout = open("/dev/full", "wb")  # noqa: SIM115 (closed below)
    try:
        result = run(args, home=home, env=env, stdin=row.stdin, driver=row.driver, stdout=stdout,
                     close_stdin=row.close_stdin)
    finally:
        if stdout is not None:
            stdout.close()

    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode != CODES["InternalError"].exit_code, result.stderr
    assert result.seconds < LIMIT_SECONDS
    assert result.returncode == row.exit, (result.returncode, result.stderr[-600:], result.stdout[-300:])
    if row.code is not None:
        assert CODES[row.code].exit_code == row.exit
    if result.returncode and row.code is not None and not result.stdout.lstrip().startswith("{"):
        lines = result.stderr.strip().splitlines()
        assert lines and lines[-1].startswith("Error: "), result.stderr
    assert row.stderr in result.stderr, result.stderr[-600:]
    assert row.stdout in result.stdout, result.stdout[-600:]
    assert snapshot(protected) == before, "a file that should not change changed"
    if row.check is not None:
        row.check(result, tmp_path, home)


def test_the_table_has_a_row_for_every_bullet_of_the_issue():
    assert {row.bullet for row in ROWS} == {LOSS, HANGS, TRACEBACKS, BUGS, ESCAPES, DIAGNOSIS}


# --- acceptance 4: the README's bad-input table lists each case with its exit code ----------

README_ROWS = {  # row name -> how its row in the README's bad-input table starts
    "export onto the progress database": '`export csv "$STUDYCLI_HOME/studycli.db"`',
    "export over an existing file without --force": "an export onto an existing file without `--force`",
    "export through a symlink keeps the link and the mode": "an export onto a symlink",
    "export onto a hard link": "an export onto a hard-linked file",
    "export onto a FIFO": "an export onto a hard-linked file, a FIFO",
    "export onto a device node": "an export onto a hard-linked file, a FIFO or a device node",
    "export - is standard output": "`export csv -`",
    "filter regex %a*a*a*b% against 5,000 characters": "a backtracking regex",
    "Insights regex /(a+)+$/ against 31 characters": "a backtracking regex",
    "space-delimited pattern against 20,000 fields": "a backtracking regex",
    "pattern key \\ud800 with --json": "a pattern key",
    "lone surrogate in a printed field with --json": "a pattern key",
    "a non-UTF-8 byte with --json": "an argument that is not UTF-8",
    "STUDYCLI_HOME='~nouser/x' (stats)": "`STUDYCLI_HOME='~nouser/x'`",
    "STUDYCLI_HOME='~nouser/x' (facts need no store)": "`STUDYCLI_HOME='~nouser/x'`",
    "no HOME and no passwd entry (stats)": "`STUDYCLI_HOME='~nouser/x'`, or no `HOME` and no passwd entry",
    "no HOME and no passwd entry (facts)": "`STUDYCLI_HOME='~nouser/x'`, or no `HOME` and no passwd entry",
    "an integer over 4,300 digits in content": "an integer of more than 4,300 digits",
    "an integer over 4,300 digits in an event": "an integer of more than 4,300 digits",
    "an integer over 4,300 digits in a spec": "an integer of more than 4,300 digits",
    "a 400-digit spec number": "a spec number beyond a double",
    "rate(1000000 days)": "`rate(1000000 days)`",
    "config --cost --items 1e32": "`config --cost --items 1e32`",
    "config --cost with 33-digit counts": "`config --cost --items 1e32` / 33-digit counts",
    "exam --minutes 99999999999999": "`exam --minutes 99999999999999`",
    "STUDYCLI_NOW=9999-12-31T23:59:59+00:00": "`STUDYCLI_NOW=9999-12-31T23:59:59+00:00`",
    "245 nested parentheses in a composite rule": "245 nested parentheses",
    "5,000 nested parentheses (within AWS's 10,240 characters)": "245 nested parentheses in a composite rule / more",
    "JSON nested 100k deep (event)": "JSON nested deeper than 1,100 levels",
    "JSON nested 100k deep (event pattern)": "JSON nested deeper than 1,100 levels",
    "JSON nested 100k deep (log events)": "JSON nested deeper than 1,100 levels",
    "regex {99999999999}": "a repeat count past any limit",
    "lone surrogates in input and output": "a pattern key `\"\\ud800\"`, a lone surrogate",
    "a 250-character export name": "an export name longer than the file system allows",
    "an export name past the file system's 255 bytes": "an export name longer than the file system allows",
    "STUDYCLI_HOME is a file (stats)": "`STUDYCLI_HOME` is a file",
    "STUDYCLI_HOME is a file (facts need no store)": "`STUDYCLI_HOME` is a file",
    "stdout to /dev/full": "standard output is `/dev/full`",
    "stdin closed": "stdin closed",
    "PYTHONIOENCODING=ascii": "`PYTHONIOENCODING=ascii`",
    "a corrupted database page": "a corrupted database page",
    "control sequences in a content pack (facts)": "control characters (escape sequences)",
    "control sequences in a content pack (notes)": "control characters (escape sequences)",
    "control sequences in a content pack, with colour": "control characters (escape sequences)",
    "control sequences in a log file (logs)": "control characters (escape sequences)",
    "control sequences in a log file (insights)": "control characters (escape sequences)",
    "facts --json with NaN in content (refused: JSON has no NaN)": "a number that is `NaN` or infinite in content",
    "scenario logs --json with 1e999": "`NaN`, `Infinity` in an event or log line",
    "scenario logs --json with NaN (not JSON to AWS)": "`NaN`, `Infinity` in an event or log line",
    "a database written by a newer studycli": "a database written by a newer studycli",
    "facts work beside a newer database": "a database written by a newer studycli",
    "a 1 MB anchor aliased 300 times": "a YAML anchor that aliases expand past 16 MiB",
    "export anki leaves no temp file": "`export anki`",
}


def bad_input_table() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("## Bad input and what you see", 1)[1].split("\n## ", 1)[0]
    return [line for line in section.splitlines() if line.startswith("| ") and not line.startswith("| bad input")]


def exits_named(line: str) -> set[int]:
    import re

    return {int(n) for run_ in re.findall(r"exit ((?:\d+)(?: / \d+)*)", line) for n in run_.split(" / ")}


@pytest.mark.parametrize("row", ROWS, ids=lambda r: r.name)
def test_the_readme_bad_input_table_lists_the_case_and_its_exit_code(row: Row):
    phrase = README_ROWS[row.name]
    lines = [line for line in bad_input_table() if line.startswith("| " + phrase)]
    assert lines, f"no row of the README's bad-input table starts with {phrase!r}"
    assert row.exit in exits_named(lines[0]), f"{lines[0]} does not give exit {row.exit}"
    if row.code is not None:
        assert row.code in lines[0], f"{lines[0]} does not name {row.code}"
