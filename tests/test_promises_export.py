"""Issue 21: the export promises of the README, each tested where it can actually break.

- Anki GUIDs come from card ids, never from wording: a content pack whose facts are reworded
  between two exports keeps every note's GUID, and each GUID is the one derived from the
  card id (`genanki.guid_for("studycli", card_id)`; a card id is `<fact id>:<kind>`, see
  `studycli/study/cards.py`).
- An export killed *during* its write leaves the old file byte for byte and no partial file:
  the export runs in a subprocess whose writes into the target's directory are cut off part
  way (the process SIGKILLs itself after N bytes, in the middle of a write call), whatever
  write path the exporter uses (Python file objects, `os.write`, `os.sendfile`).
"""

from __future__ import annotations

import csv
import os
import signal
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import REPO, run_cli

genanki = pytest.importorskip("genanki")

PACK = """\
topic: zz-guid/pack
title: {{ko: GUID 시험, en: GUID test}}
facts:
  - id: zz-guid-states
    family: zz-guid-state-set
    ko: {states_ko}
    en: {states_en}
    answer: [OK, ALARM, INSUFFICIENT_DATA]
    explain:
      ko: 새 경보는 데이터가 모일 때까지 기다린다.
      en: A new alarm waits for enough data.
    source: {{lines: [92, 93, 94, 95]}}
  - id: zz-guid-period
    family: zz-guid-period
    ko: {period_ko}
    en: {period_en}
    answer: {{value: 60, unit: seconds}}
    explain:
      ko: {period_explain_ko}
      en: {period_explain_en}
    source: {{lines: [10, 11]}}
  - id: zz-guid-checks
    family: zz-guid-check-map
    ko: {checks_ko}
    en: {checks_en}
    answer: {{System status check: host hardware, Instance status check: guest OS}}
    explain:
      ko: 시스템 상태 검사는 AWS가, 인스턴스 상태 검사는 사용자가 고친다.
      en: AWS fixes system status check failures; you fix instance status check failures.
    source: {{lines: [20]}}
  - id: zz-guid-stop
    family: zz-guid-api
    ko: {stop_ko}
    en: {stop_en}
    answer: StopLogging
    explain:
      ko: {stop_explain_ko}
      en: {stop_explain_en}
    source: {{lines: [148]}}
"""

WORDING = {
    "states_ko": "경보 상태 세 가지", "states_en": "The three alarm states",
    "period_ko": "표준 해상도 지표의 주기", "period_en": "The period of a standard-resolution metric",
    "period_explain_ko": "표준 해상도 지표는 60초마다 한 점이다.",
    "period_explain_en": "A standard-resolution metric has one point every 60 seconds.",
    "checks_ko": "상태 검사와 그 검사가 보는 곳", "checks_en": "Each status check and what it looks at",
    "stop_ko": "추적의 기록을 멈추는 API", "stop_en": "The API that stops a trail from logging",
    "stop_explain_ko": "StopLogging을 호출하면 추적이 꺼진다.",
    "stop_explain_en": "Calling StopLogging turns a trail off.",
}
# Every prompt and explanation reworded; answers (and so the cards each fact gives) kept.
REWORDED = {
    "states_ko": "CloudWatch 경보가 될 수 있는 상태 전부", "states_en": "Every state a CloudWatch alarm can be in",
    "period_ko": "표준 해상도 지표의 기본 집계 주기", "period_en": "How often a standard-resolution metric gets a point",
    "period_explain_ko": "고해상도가 아니면 지표는 60초 단위로 모인다.",
    "period_explain_en": "Unless it is high resolution, a metric is aggregated per 60 seconds.",
    "checks_ko": "EC2 상태 검사 각각이 확인하는 대상", "checks_en": "What each EC2 status check examines",
    "stop_ko": "CloudTrail 추적을 끄는 호출", "stop_en": "The call that switches a CloudTrail trail off",
    "stop_explain_ko": "누군가 StopLogging을 부르면 이후 이벤트가 기록되지 않는다.",
    "stop_explain_en": "Once someone calls StopLogging, later events go unrecorded.",
}
TOPIC = "zz-guid"


def write_pack(directory: Path, wording: dict[str, str]) -> Path:
    directory.mkdir(exist_ok=True)
    (directory / "zz-guid.yaml").write_text(PACK.format(**wording), encoding="utf-8")
    return directory


def anki_notes(apkg: Path, scratch: Path) -> list[tuple[str, str]]:
    """(guid, fields) of every note, in the order the notes were created."""
    scratch.mkdir()
    with zipfile.ZipFile(apkg) as z:
        name = next(n for n in ("collection.anki21", "collection.anki2") if n in z.namelist())
        z.extract(name, scratch)
    db = sqlite3.connect(scratch / name)
    try:
        return db.execute("SELECT guid, flds FROM notes ORDER BY id").fetchall()
    finally:
        db.close()


def card_ids(pack: Path, table: Path) -> list[str]:
    """The card ids of the pack, as the CSV export lists them."""
    result = run_cli("export", "csv", str(table), "--topic", TOPIC, "--content", str(pack))
    assert result.returncode == 0, result.stderr
    with open(table, encoding="utf-8", newline="") as f:
        return [row["card_id"] for row in csv.DictReader(f)]


def export_anki(pack: Path, target: Path) -> None:
    result = run_cli("export", "anki", str(target), "--topic", TOPIC, "--content", str(pack))
    assert result.returncode == 0, result.stderr


def guid_of(card_id: str) -> str:
    """What the README and `study/export.py` promise: the GUID is a function of the card id alone."""
    return genanki.guid_for("studycli", card_id)


def test_rewording_a_fact_keeps_every_anki_guid_and_each_is_derived_from_the_card_id(tmp_path):
    pack = write_pack(tmp_path / "pack", WORDING)
    ids_before = card_ids(pack, tmp_path / "before.csv")
    export_anki(pack, tmp_path / "before.apkg")

    write_pack(pack, REWORDED)
    ids_after = card_ids(pack, tmp_path / "after.csv")
    export_anki(pack, tmp_path / "after.apkg")

    # The pack gives every kind of card (forward, cloze, reverse of a mapping, reverse of a name),
    # and rewording changes none of their ids.
    assert ids_before == ids_after
    assert {"zz-guid-states:forward", "zz-guid-period:cloze", "zz-guid-checks:reverse:System status check",
            "zz-guid-stop:reverse", "zz-guid-stop:cloze"} <= set(ids_before)

    before = anki_notes(tmp_path / "before.apkg", tmp_path / "x")
    after = anki_notes(tmp_path / "after.apkg", tmp_path / "y")
    # issue 16: one note per fact, its GUID derived from the fact's forward card id
    forward_ids = [cid for cid in ids_before if cid.endswith(":forward")]
    assert len(before) == len(after) == len(forward_ids) == len({cid.split(":")[0] for cid in ids_before})
    expected = sorted(guid_of(cid) for cid in forward_ids)
    assert sorted(guid for guid, _ in before) == expected, "GUIDs are not the ones derived from the card ids"
    assert sorted(guid for guid, _ in after) == expected, "rewording a fact changed Anki GUIDs"
    # Note by note: the same note (same place in the deck) has a new wording and the old GUID.
    for (guid_before, fields_before), (guid_after, fields_after) in zip(before, after):
        assert fields_before != fields_after, "every note was reworded (else this test proves nothing)"
        assert guid_before == guid_after
    # And found by its wording: the prompt that changed is on the note with the forward card's GUID.
    by_guid_before, by_guid_after = dict(before), dict(after)
    forward = guid_of("zz-guid-states:forward")
    assert WORDING["states_en"] in by_guid_before[forward] and REWORDED["states_en"] in by_guid_after[forward]


# --- an export killed in the middle of writing its file ---

# Runs `studycli ARGS` with every write into WATCH_DIR counted; the write that takes the total
# past LIMIT bytes is cut at LIMIT and the process SIGKILLs itself: a kill during the write.
KILL_DRIVER = r"""
import builtins, io, os, signal, sys
watch, limit, args = os.path.realpath(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
written = 0

def watched(path):
    try:
        return os.path.dirname(os.path.realpath(path)) == watch
    except (TypeError, ValueError, OSError):
        return False

def fd_watched(fd):
    try:
        return watched(os.readlink(f"/proc/self/fd/{fd}"))
    except OSError:
        return False

def take(n):
    # How many of n bytes may still be written; dies (SIGKILL) once the limit is reached.
    global written
    allowed = min(n, limit - written)
    written += allowed
    return allowed

def die():
    os.kill(os.getpid(), signal.SIGKILL)

class Tap:
    def __init__(self, f):
        object.__setattr__(self, "_f", f)
    def write(self, data):
        allowed = take(len(data))
        if allowed < len(data):
            self._f.write(data[:allowed])
            self._f.flush()
            die()
        return self._f.write(data)
    def writelines(self, lines):
        for line in lines:
            self.write(line)
    def __getattr__(self, name):
        return getattr(self._f, name)
    def __setattr__(self, name, value):
        setattr(self._f, name, value)
    def __iter__(self):
        return iter(self._f)
    def __enter__(self):
        self._f.__enter__()
        return self
    def __exit__(self, *exc):
        return self._f.__exit__(*exc)

real_open = io.open
def tapped_open(file, mode="r", *a, **k):
    f = real_open(file, mode, *a, **k)
    if any(c in mode for c in "wax+"):
        if (watched(file) if not isinstance(file, int) else fd_watched(file)):
            return Tap(f)
    return f
io.open = builtins.open = tapped_open

real_write = os.write
def tapped_write(fd, data):
    if fd_watched(fd):
        allowed = take(len(data))
        if allowed < len(data):
            real_write(fd, bytes(data[:allowed]))
            die()
    return real_write(fd, data)
os.write = tapped_write

# Bulk copies into the target's directory are writes too: (name, index of the destination
# descriptor, index of the byte count) in each call's arguments.
for name, dst, count in (("sendfile", 0, 3), ("copy_file_range", 1, 2), ("splice", 1, 2)):
    real = getattr(os, name, None)
    if real is None:
        continue
    def tapped(*args, _real=real, _dst=dst, _count=count):
        if fd_watched(args[_dst]):
            allowed = take(args[_count])
            if allowed < args[_count]:
                _real(*args[:_count], allowed, *args[_count + 1:])
                die()
        return _real(*args)
    setattr(os, name, tapped)

sys.argv = ["studycli", *args]
import runpy
runpy.run_module("studycli", run_name="__main__", alter_sys=True)
"""


def replaces_existing_files(kind: str) -> list[str]:
    """`--force` where the export asks for it before replacing a file (issue 17), else nothing."""
    help_text = run_cli("export", kind, "--help", env={"COLUMNS": "200"}).stdout
    return ["--force"] if "--force" in help_text else []


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="the write tap finds paths of descriptors in /proc")
@pytest.mark.parametrize("kind, name", [("anki", "deck.apkg"), ("csv", "cards.csv")])
def test_an_export_killed_during_its_write_leaves_the_old_file_and_no_partial_file(tmp_path, kind, name):
    out = tmp_path / "out"
    out.mkdir()
    target = out / name
    assert run_cli("export", kind, str(target)).returncode == 0
    old = target.read_bytes()
    assert len(old) > 10_000, "the file must be big enough to be cut in the middle"

    limit = len(old) // 2
    killed = subprocess.run([sys.executable, "-c", KILL_DRIVER, str(out), str(limit), "export", kind, str(target),
                             *replaces_existing_files(kind)],
                            cwd=REPO, env=dict(os.environ), capture_output=True, text=True, timeout=120)
    assert killed.returncode == -signal.SIGKILL, (
        f"the export was not stopped part way (exit {killed.returncode}): its writes never reached "
        f"{limit} bytes in {out}, so this test did not test anything\n{killed.stderr}")

    assert target.read_bytes() == old, "a kill during the export's write damaged the old file"
    leftovers = sorted(p.name for p in out.iterdir() if p.name != name)
    # A SIGKILL cannot clean up after itself: the exporter's own temp file may stay, but only
    # hidden (so nobody takes it for an export) and only until the next export clears it.
    assert all(n.startswith(".") for n in leftovers), f"a partial file is left beside the target: {leftovers}"

    assert run_cli("export", kind, str(target), *replaces_existing_files(kind)).returncode == 0
    assert sorted(p.name for p in out.iterdir()) == [name], "the next export left a temp file behind"
    if kind == "anki":
        with zipfile.ZipFile(target) as z:
            assert z.testzip() is None
