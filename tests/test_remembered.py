"""What a command derives from files that rarely change is kept between runs (issue 19), and a
kept value is used only while its sources are exactly as they were: the message catalogues,
the question-type plug-ins, and leaving the process without tearing it down."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from studycli import i18n, launch, plugins, remembered


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("STUDYCLI_HOME", str(tmp_path))
    return tmp_path


def test_a_kept_value_comes_back_only_for_the_same_key(home):
    remembered.keep("thing", ("a.txt", 3, 7), {"x": [1, 2]})
    assert remembered.recall("thing", ("a.txt", 3, 7)) == {"x": [1, 2]}
    assert remembered.recall("thing", ("a.txt", 4, 7)) is None       # the source changed
    assert remembered.recall("other", ("a.txt", 3, 7)) is None
    assert [p.name for p in (home / "cache").iterdir()] == ["thing.marshal"]   # no temporary file left


def test_a_damaged_or_unwritable_cache_is_only_a_miss(home, monkeypatch):
    (home / "cache").mkdir()
    (home / "cache" / "thing.marshal").write_bytes(b"\x00garbage")
    assert remembered.recall("thing", "k") is None
    blocked = home / "file"
    blocked.write_text("not a directory")
    monkeypatch.setenv("STUDYCLI_HOME", str(blocked))
    remembered.keep("thing", "k", 1)          # nowhere to write: nothing happens, no error
    assert remembered.recall("thing", "k") is None


def test_the_catalogue_is_read_from_the_cache_only_while_its_file_is_unchanged(home, monkeypatch):
    path = Path(i18n.__file__).with_name("locales") / "en.toml"
    parsed = i18n.read_catalogue(path.read_text("utf-8"))
    monkeypatch.setattr(i18n, "_catalogues", {})
    assert i18n.catalogue("en") == parsed                           # first run: parsed, and kept
    assert remembered.recall("catalogue-en", remembered.stamp(path)) == parsed

    remembered.keep("catalogue-en", remembered.stamp(path), {**parsed, "quiz.start.one": "kept"})
    monkeypatch.setattr(i18n, "_catalogues", {})
    assert i18n.catalogue("en")["quiz.start.one"] == "kept"           # later runs: the kept one

    remembered.keep("catalogue-en", ("elsewhere", 1, 1), {"quiz.start.one": "stale"})
    monkeypatch.setattr(i18n, "_catalogues", {})
    assert i18n.catalogue("en") == parsed                           # kept for another file: read again


def _dist(site: Path, name: str, entries: str) -> Path:
    info = site / f"{name}-0.1.dist-info"
    info.mkdir(parents=True, exist_ok=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(entries)
    return info


def test_plugins_are_read_again_when_one_is_installed_changed_or_removed(home, tmp_path, monkeypatch):
    site = tmp_path / "site"
    _dist(site, "first", "[studycli.test_group]\none = json:dumps\n")
    monkeypatch.syspath_prepend(str(site))
    group = "studycli.test_group"
    assert plugins.entry_points(group) == [("one", "json:dumps")]

    kept = remembered.recall(f"entry-points-{group}", (group, plugins.installation()))
    assert kept == [("one", "json:dumps")]                            # the next run reads this

    info = _dist(site, "second", "[studycli.test_group]\ntwo = json:loads\n")
    assert sorted(plugins.entry_points(group)) == [("one", "json:dumps"), ("two", "json:loads")]
    (info / "entry_points.txt").write_text("[studycli.test_group]\ntwo = json.decoder:JSONDecoder.decode\n")
    assert ("two", "json.decoder:JSONDecoder.decode") in plugins.entry_points(group)
    (info / "entry_points.txt").unlink()
    assert plugins.entry_points(group) == [("one", "json:dumps")]


def test_an_entry_point_value_names_a_module_and_an_attribute_path():
    import json.decoder

    assert plugins.load("json:dumps") is json.dumps
    assert plugins.load("json.decoder:JSONDecoder.decode") is json.decoder.JSONDecoder.decode
    assert plugins.load("json [extra]") is json


def test_a_second_quiz_does_not_import_importlib_metadata(home):
    code = ("import sys; sys.argv = ['studycli', 'quiz', '--json', '--count', '1', '--seed', '1'];"
            "import atexit; atexit.register(lambda: print('metadata' in ' '.join(sys.modules), file=sys.stderr));"
            "from studycli.launch import main; main()")
    env = {**os.environ, "STUDYCLI_HOME": str(home)}
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    second = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert first.returncode == second.returncode == 0, second.stderr
    assert first.stderr.split()[-1] == "True" and second.stderr.split()[-1] == "False"
    assert first.stdout == second.stdout


@pytest.mark.parametrize("code, status", [(None, 0), (0, 0), (3, 3), (130, 130), ("a message", 1)])
def test_leaving_gives_the_status_sys_exit_would(code, status, capsys):
    assert launch.exit_code(code) == status
    assert capsys.readouterr().err == ("a message\n" if isinstance(code, str) else "")


def test_a_command_that_leaves_early_still_writes_all_its_output_and_runs_exit_handlers(home, tmp_path):
    script = tmp_path / "run.py"
    script.write_text(
        "import atexit, sys\n"
        "atexit.register(lambda: sys.stderr.write('handler ran\\n'))\n"
        "sys.argv = ['studycli', 'content', 'schema']\n"
        "from studycli.launch import main\n"
        "main()\n")
    env = {**os.environ, "STUDYCLI_HOME": str(home)}
    run = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, env=env)
    whole = subprocess.run([sys.executable, "-c", "import sys; sys.argv = ['studycli', 'content', 'schema'];"
                            "from studycli import cli; cli.main()"], capture_output=True, text=True, env=env)
    assert run.returncode == whole.returncode == 0
    assert len(run.stdout) > 10_000 and run.stdout == whole.stdout    # nothing lost in the buffer
    assert run.stderr == "handler ran\n"


def test_a_command_runs_with_the_collector_passing_less_often_but_still_collecting_cycles(home):
    code = ("import atexit, gc, sys; sys.argv = ['studycli', 'content', 'schema'];"
            "atexit.register(lambda: print(gc.isenabled(), gc.get_threshold()[0], file=sys.stderr));"
            "from studycli.launch import main; main()")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={**os.environ, "STUDYCLI_HOME": str(home)})
    assert run.returncode == 0, run.stderr
    assert run.stderr.split()[-2:] == ["True", str(launch.YOUNG_OBJECTS)] and launch.YOUNG_OBJECTS > 700
