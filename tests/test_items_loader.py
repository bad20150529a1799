"""Issue 14: the items loader is strict like the facts': every problem as file:line: field."""

from __future__ import annotations

from pathlib import Path

import pytest

from studycli.errors import ContentError
from studycli.items import load_items

REPO = Path(__file__).resolve().parents[1]
NOTES = (REPO / "content" / "notes.txt").read_text("utf-8").splitlines()

GOOD = """\
items:
  - id: item-test-good
    topic: cloudtrail
    domain: governance
    choose: 1
    ko:
      stem: 보안팀은 StopLogging 호출을 몇 분 안에 알아야 합니다. 어떻게 해야 합니까?
      options:
        - {text: EventBridge 규칙으로 SNS 주제에 알립니다., why: 관리 이벤트는 거의 실시간으로 EventBridge에 전달된다.}
        - {text: CloudTrail Insights를 켭니다., why: Insights는 호출량의 이상을 찾을 뿐 한 번의 호출을 알리지 않는다.}
        - {text: 주기적 AWS Config 규칙을 만듭니다., why: 주기적 규칙은 가장 짧아도 1시간 간격이다.}
        - {text: 매일 Athena로 조회합니다., why: 하루에 한 번이면 최대 하루 늦다.}
    en:
      stem: The security team must know of any StopLogging call within minutes. What should they do?
      options:
        - {text: An EventBridge rule that notifies an SNS topic., why: Management events reach EventBridge in near real time.}
        - {text: Turn on CloudTrail Insights., why: "Insights flags unusual call volumes, not a single call."}
        - {text: A periodic AWS Config rule., why: Periodic rules run at most every hour.}
        - {text: A daily Athena query., why: Once a day is up to a day late.}
    key: [0]
    source: {lines: [148]}
    reference: EventBridge User Guide
"""

BROKEN = {
    # name: (edit of GOOD, line, field, message part)
    "key-out-of-range": (("key: [0]", "key: [7]"), 20, "key", "out of range"),
    "choose-two-with-four-options": (("choose: 1", "choose: 2"), 20, "key", "needs 2 distinct"),
    "unknown-key": (("    domain: governance", "    domain: governance\n    colour: red"), 5, "colour", "unknown key"),
    "missing-why": (("why: 하루에 한 번이면 최대 하루 늦다.", "why: ''"), 6, "ko", "non-empty text"),
    "same-option-twice": (("A daily Athena query.", "A periodic AWS Config rule."), 15, "en.options", "same text"),
    "unknown-topic": (("topic: cloudtrail", "topic: nowhere"), 3, "topic", "no facts file"),
    "bad-domain": (("domain: governance", "domain: security"), 4, "domain", "one of"),
    "line-past-the-notes": (("lines: [148]", "lines: [9999]"), 21, "source.lines", "past the end"),
}


def write_pack(tmp_path: Path, text: str) -> Path:
    (tmp_path / "pack" / "items").mkdir(parents=True)
    (tmp_path / "pack" / "items" / "x.yaml").write_text(text, "utf-8")
    return tmp_path / "pack"


def test_a_good_item_loads_in_every_language(tmp_path):
    [item] = load_items([write_pack(tmp_path, GOOD)], len(NOTES), {"cloudtrail"})
    assert item.key == (0,) and item.stem["en"].startswith("The security team")
    assert item.options[1].why["ko"].startswith("Insights")


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_a_broken_item_names_file_line_and_field(tmp_path, name):
    (old, new), line, field, message = BROKEN[name]
    assert old in GOOD
    pack = write_pack(tmp_path, GOOD.replace(old, new, 1))
    with pytest.raises(ContentError) as err:
        load_items([pack], len(NOTES), {"cloudtrail"})
    problem = err.value.problems[0]
    assert problem.startswith(f"{pack / 'items' / 'x.yaml'}:{line}: {field}") and message in problem, problem


def test_duplicate_item_ids_across_files_are_reported(tmp_path):
    pack = write_pack(tmp_path, GOOD)
    (pack / "items" / "y.yaml").write_text(GOOD, "utf-8")
    with pytest.raises(ContentError, match="duplicate id 'item-test-good'"):
        load_items([pack], len(NOTES), {"cloudtrail"})
