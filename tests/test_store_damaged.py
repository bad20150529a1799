"""A damaged progress database: one clear error line, a non-zero exit, and the file left exactly as it was."""

from __future__ import annotations

import random

import pytest
from conftest import run_cli
from hypothesis import given, settings
from hypothesis import strategies as st

from studycli.errors import StoreError
from studycli.store import SQLITE_HEADER, open_store

COMMANDS = [("stats",), ("stats", "--json"), ("review",), ("config", "list"), ("config", "set", "new_per_day", "5"),
            ("cards", "orphans")]


def random_bytes(size: int, seed: int) -> bytes:
    data = random.Random(seed).randbytes(size)
    return data if not data.startswith(SQLITE_HEADER[:1]) else b"\x00" + data[1:]


def sqlite_header_then_garbage(size: int, seed: int) -> bytes:
    return SQLITE_HEADER + random.Random(seed).randbytes(size - len(SQLITE_HEADER))


@pytest.mark.parametrize("make", [random_bytes, sqlite_header_then_garbage])
@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_damaged_database_gives_one_line_error_and_is_left_unchanged(make, command, studycli_home):
    studycli_home.mkdir()
    db = studycli_home / "studycli.db"
    original = make(8192, seed=4)
    db.write_bytes(original)
    result = run_cli(*command, stdin="\n3\n")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and str(db) in lines[0]
    assert "left untouched" in lines[0]
    assert result.stdout == ""
    assert db.read_bytes() == original
    # no -wal, -shm or journal beside it (the cache directory of derived files may be there)
    assert sorted(p.name for p in studycli_home.iterdir() if p.name != "cache") == ["studycli.db"]


@settings(max_examples=25, deadline=None)
@given(data=st.binary(min_size=1, max_size=5000), with_header=st.booleans())
def test_any_bytes_that_are_not_a_database_are_refused_untouched(tmp_path_factory, data, with_header):
    path = tmp_path_factory.mktemp("d") / "studycli.db"
    content = SQLITE_HEADER + data if with_header else data
    if content.startswith(SQLITE_HEADER) and not with_header:
        return
    path.write_bytes(content)
    try:
        open_store(path).close()
    except StoreError as err:
        assert "\n" not in str(err) and str(path) in str(err)
    else:
        # SQLite accepted it (a header and bytes it can read as an empty database); it must still be ours.
        assert with_header
    assert path.read_bytes() == content


def test_a_healthy_database_still_opens_after_a_refusal(studycli_home):
    studycli_home.mkdir()
    db = studycli_home / "studycli.db"
    db.write_bytes(random_bytes(1024, seed=1))
    assert run_cli("stats").returncode != 0
    db.rename(studycli_home / "damaged.db")
    assert run_cli("stats", "--json").returncode == 0
