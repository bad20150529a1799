"""Points 2 and 5 (issues 14 and 15, wave 2): item and simulator questions take part in
everything fact questions do: grading and feedback in a session, the wrong-answer notebook
and its re-quiz, adaptive weights, search, notes and export.
"""

from __future__ import annotations

import csv
import json
import random
import sqlite3
import zipfile

import genanki
from conftest import run_cli
from test_mistakes import DAY1_EVENING, DAY1_MORNING, DAY2, notebook
from test_quiz_cli import questions, right_answer, studycli, wrong_answer

from studycli.study.questions import simulated
from studycli.study.questions.mix import mix
from studycli.study.questions.origins import Material


def requiz(home, now, right: bool):
    plan = studycli(home, "mistakes", "--quiz", "--json", "--seed", "3", STUDYCLI_NOW=now)
    assert plan.returncode == 0, plan.stderr
    qs = json.loads(plan.stdout)
    lines = [right_answer(q) if right else wrong_answer(q) for q in qs]
    run = studycli(home, "mistakes", "--quiz", "--seed", "3", stdin="\n".join(lines) + "\n", STUDYCLI_NOW=now)
    assert run.returncode == 0, run.stderr
    return qs, run.stdout


# --- a session ---

def test_a_session_grades_item_and_simulator_questions_and_explains_every_option(tmp_path):
    args = ("--count", "6", "--seed", "8", "--origin", "item,simulator")
    qs = questions(tmp_path, *args)
    assert {q["origin"] for q in qs} == {"item", "simulator"}
    plan = [True, False, True, False, True, True]
    lines = [right_answer(q) if ok else wrong_answer(q) for q, ok in zip(qs, plan)]
    run = studycli(tmp_path, "quiz", *args, stdin="\n".join(lines) + "\n")
    assert run.returncode == 0, run.stderr
    assert "Score: 4/6 (67%)" in run.stdout
    assert run.stdout.count("✓ Right") == 4 and run.stdout.count("✗ Wrong") == 2
    for q in qs:
        for why in q["why"]:                       # every option's own reason is shown
            assert why[:60] in run.stdout, why
        assert q["explanation"][:40] in run.stdout
    assert "AWS documentation:" in run.stdout and "studycli scenario " in run.stdout
    db = sqlite3.connect(tmp_path / "studycli.db")
    rows = db.execute("SELECT question_id, fact_ids, correct, given FROM answers ORDER BY id").fetchall()
    assert [r[0] for r in rows] == [q["id"] for q in qs] and [bool(r[2]) for r in rows] == plan
    for q, (_, keys, _, given) in zip(qs, rows):   # recorded against the item / simulator question
        expected = q["item_id"] if q["origin"] == "item" else simulated.key_of(q["generator"], q["sim"]["input"])
        assert json.loads(keys) == [expected]
        assert ("sim" in json.loads(given)) == (q["origin"] == "simulator")
    # A wrong item or simulator answer queues no flashcard (they have none).
    assert db.execute("SELECT COUNT(*) FROM cards").fetchone() == (0,)


# --- the wrong-answer notebook ---

def miss_one(home, origin: str, seed: int) -> dict:
    qs = questions(home, "--count", "1", "--seed", str(seed), "--origin", origin)
    run = studycli(home, "quiz", "--count", "1", "--seed", str(seed), "--origin", origin,
                   stdin=wrong_answer(qs[0]) + "\n", STUDYCLI_NOW=DAY1_MORNING)
    assert run.returncode == 0, run.stderr
    return qs[0]


def test_a_missed_item_stays_in_the_notebook_is_asked_again_and_clears_after_two_days(tmp_path):
    missed = miss_one(tmp_path, "item", 12)
    [entry] = notebook(tmp_path, DAY1_MORNING)
    assert entry["origin"] == "item" and entry["item_id"] == entry["fact_id"] == missed["item_id"]
    assert entry["prompt"] == missed["stem"] and entry["your_answer"] and entry["explanation"]
    assert entry["reference"] == missed["reference"]
    text = studycli(tmp_path, "mistakes", STUDYCLI_NOW=DAY1_MORNING).stdout
    assert missed["item_id"] in text and missed["stem"][:40] in text and "You answered:" in text

    asked, out = requiz(tmp_path, DAY1_EVENING, right=True)
    assert [q["item_id"] for q in asked] == [missed["item_id"]] and "Score: 1/1" in out
    assert sorted(asked[0]["options"]) == sorted(missed["options"])
    requiz(tmp_path, DAY2, right=True)
    assert notebook(tmp_path, DAY2) == []


def test_a_missed_simulator_question_is_rebuilt_from_its_generator_and_seed(tmp_path):
    missed = miss_one(tmp_path, "simulator", 5)
    [entry] = notebook(tmp_path, DAY1_MORNING)
    assert entry["origin"] == "simulator" and entry["generator"] == missed["generator"]
    assert entry["sim"] == missed["sim"] and entry["fact_id"] == simulated.key_of(missed["generator"],
                                                                                   missed["sim"]["input"])
    asked, _ = requiz(tmp_path, DAY1_EVENING, right=False)      # the very same situation, missed again
    assert [q["sim"] for q in asked] == [missed["sim"]] and asked[0]["correct"] == missed["correct"]
    assert notebook(tmp_path, DAY1_EVENING)[0]["wrong_count"] == 2
    requiz(tmp_path, DAY1_EVENING, right=True)
    requiz(tmp_path, DAY2, right=True)
    assert notebook(tmp_path, DAY2) == []


def test_a_notebook_entry_whose_item_left_the_content_is_dropped(tmp_path):
    from test_items_catalogue import item_pack

    pack = item_pack(tmp_path / "pack")
    plan = studycli(tmp_path, "quiz", "--json", "--count", "40", "--seed", "1", "--origin", "item",
                    "--topic", "cloudtrail", "--content", str(pack))
    mine = next(q for q in json.loads(plan.stdout) if q["item_id"] == "item-test-good")
    index = json.loads(plan.stdout).index(mine)
    lines = ["\n".join(right_answer(q) for q in json.loads(plan.stdout)[:index]), wrong_answer(mine)]
    run = studycli(tmp_path, "quiz", "--count", str(index + 1), "--seed", "1", "--origin", "item",
                   "--topic", "cloudtrail", "--content", str(pack), stdin="\n".join(x for x in lines if x) + "\n")
    assert run.returncode == 0, run.stderr
    with_pack = studycli(tmp_path, "mistakes", "--json", "--content", str(pack))
    assert [e["item_id"] for e in json.loads(with_pack.stdout)] == ["item-test-good"]
    assert json.loads(studycli(tmp_path, "mistakes", "--json").stdout) == []


# --- adaptive weights ---

def test_missed_items_and_simulator_generators_weigh_more_and_come_up_sooner(tmp_path, monkeypatch, catalogue):
    item_q = miss_one(tmp_path, "item", 12)
    sim_q = miss_one(tmp_path, "simulator", 5)
    from studycli.sessions import history, quiz

    monkeypatch.setenv("STUDYCLI_HOME", str(tmp_path))
    made = quiz.material(catalogue, None)
    weights = quiz.study_weights(made, history.now())
    assert weights[item_q["item_id"]] == 3.0
    assert weights[simulated.weight_key(sim_q["generator"])] == 3.0
    others = [w for k, w in weights.items() if k not in (item_q["item_id"], simulated.weight_key(sim_q["generator"]))
              and (k.startswith("item-") or k.startswith("sim:"))]
    assert others and set(others) == {1.0}

    items_only = Material(items=catalogue.items)

    def hits(w) -> int:
        return sum(any(q.ref == item_q["item_id"] for q in mix(items_only, 5, random.Random(seed), "en", weights=w))
                   for seed in range(120))

    assert hits({item_q["item_id"]: 3.0}) > 1.5 * hits(None)
    sims = Material(generators=made.generators)
    firsts = [mix(sims, 1, random.Random(seed), "en", weights=weights)[0].sim.generator for seed in range(60)]
    plain = [mix(sims, 1, random.Random(seed), "en")[0].sim.generator for seed in range(60)]
    assert firsts.count(sim_q["generator"]) > plain.count(sim_q["generator"])


def test_the_facts_weights_are_worked_out_only_when_one_is_asked_for(tmp_path, monkeypatch, catalogue):
    """An item-only start to a quiz reads no card's recall; the weights read then are the whole set's."""
    item_q = miss_one(tmp_path, "item", 12)
    from studycli.sessions import history, quiz

    monkeypatch.setenv("STUDYCLI_HOME", str(tmp_path))
    made = quiz.material(catalogue, None)
    worked_out = []
    real = history.fact_weights
    monkeypatch.setattr(history, "fact_weights", lambda *args: worked_out.append(1) or real(*args))
    weights = quiz.study_weights(made, history.now())
    assert weights and weights[item_q["item_id"]] == 3.0 and weights.get(made.items[-1].id) == 1.0
    assert mix(Material(items=made.items, generators=made.generators), 6, random.Random(1), "en", weights=weights)
    assert not worked_out
    assert weights[made.facts[0].id] >= 1.0 and worked_out == [1]
    assert weights.get("no-such-fact", 1.0) == 1.0 and worked_out == [1]
    whole = dict(weights)
    assert worked_out == [1] and len(whole) == len(weights) == len(made.facts) + len(made.items) + len(made.generators)
    assert whole == {**real([f.id for f in made.facts], history.missed_fact_ids(history.store_if_any(), history.now()),
                            history.now()),
                     **{i.id: 3.0 if i.id == item_q["item_id"] else 1.0 for i in made.items},
                     **{simulated.weight_key(g): 1.0 for g in made.generators}}


# --- search, notes, export ---

def test_search_finds_an_item_and_shows_its_stem_key_and_why(catalogue):
    item = catalogue.items_by_id()["item-eventbridge-replay-one-rule"]
    found = json.loads(run_cli("search", "--json", "FilterArns").stdout)
    hit = next(d for d in found if d["id"] == item.id)
    assert hit["origin"] == "item" and hit["stem"]["en"] == item.stem["en"]
    korean = json.loads(run_cli("search", "--json", "리플레이", "analytics").stdout)
    assert item.id in {d["id"] for d in korean}
    text = run_cli("search", "FilterArns", env={"COLUMNS": "400"}).stdout
    key = item.options[item.key[0]]
    assert item.stem["en"][:60] in text and key.text["en"] in text and key.why["en"][:60] in text
    assert "0 facts" not in text       # no empty facts table when only items match


def test_notes_show_the_items_of_a_topic_with_key_and_why(catalogue):
    sheet = run_cli("notes", "elb-case", env={"COLUMNS": "400"}).stdout
    items = catalogue.select_items("elb-case")
    assert items and f"Exam items ({len(items)})" in sheet
    for item in items:
        assert item.stem["en"][:50] in sheet
        for k in item.key:
            assert item.options[k].text["en"][:50] in sheet and item.options[k].why["en"][:50] in sheet
    korean = run_cli("notes", "elb-case", env={"COLUMNS": "400", "STUDYCLI_LANG": "ko"}).stdout
    assert f"시험 문항 ({len(items)})" in korean and items[0].stem["ko"][:30] in korean


def test_csv_export_has_a_row_per_item_with_stem_options_key_and_reasons(tmp_path, catalogue):
    table = tmp_path / "cards.csv"
    result = run_cli("export", "csv", str(table))
    assert result.returncode == 0, result.stderr
    assert f"and {len(catalogue.items)} exam items to" in result.stdout
    with open(table, encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["kind"] == "item"]
    assert [r["card_id"] for r in rows] == [i.id for i in catalogue.items]
    by_id = catalogue.items_by_id()
    for row in rows[:40]:
        item = by_id[row["card_id"]]
        for code in ("ko", "en"):
            assert row[f"front_{code}"].startswith(item.stem[code])
            assert all(o.text[code] in row[f"front_{code}"] for o in item.options)
            assert all(o.why[code] in row[f"back_{code}"] for o in item.options)
        assert row["back_en"].startswith("Answer: " + ", ".join("ABCDEF"[k] for k in item.key))
        assert row["explain_en"] == item.reference and row["source_lines"] == " ".join(map(str, item.source_lines))
        assert f"studycli::{item.topic.replace('/', '::')}" in row["tags"].split()


def test_anki_export_writes_items_as_multiple_choice_notes_with_guids_from_the_item_id(tmp_path, catalogue):
    from studycli.commands.export_cmd import CHOICE_MODEL_ID

    apkg = tmp_path / "deck.apkg"
    assert run_cli("export", "anki", str(apkg)).returncode == 0
    with zipfile.ZipFile(apkg) as z:
        z.extract("collection.anki2", tmp_path)
    db = sqlite3.connect(tmp_path / "collection.anki2")
    notes = db.execute("SELECT guid, flds FROM notes WHERE mid = ?", (CHOICE_MODEL_ID,)).fetchall()
    assert len(notes) == len(catalogue.items)
    by_guid = {genanki.guid_for("studycli", i.id): i for i in catalogue.items}
    assert {g for g, _ in notes} == set(by_guid)
    models = json.loads(db.execute("SELECT models FROM col").fetchone()[0])
    choice = models[str(CHOICE_MODEL_ID)]
    assert [f["name"] for f in choice["flds"]] == ["Question", "Options", "Answer", "Reasons", "Reference"]
    assert "{{Options}}" in choice["tmpls"][0]["qfmt"] and "{{Reasons}}" in choice["tmpls"][0]["afmt"]
    for guid, fields in notes[:30]:
        item = by_guid[guid]
        question, options, answer, reasons, reference = fields.split("\x1f")
        assert "B. " in options and answer.startswith("Answer: ")
        assert reasons.count("✓") == item.choose and reasons.count("✗") == len(item.options) - item.choose
