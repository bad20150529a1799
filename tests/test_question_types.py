"""Question types are objects in one registry (issue 13): a type registered from outside
works end to end, and every place that needs "which types" reads the registry.

The throwaway type here, `odd_one_out`, is built from list facts: three of the fact's
answers and one wrong answer from its family; the learner picks the one that does not
belong. It reaches the real CLI the way a third-party package would: an entry point in
the `studycli.question_types` group (a dist-info folder on PYTHONPATH names
`test_question_types:ODD_ONE_OUT`, this module's object). Nothing in studycli names it.
"""

from __future__ import annotations

import json
import random
import sqlite3
from pathlib import Path
from typing import ClassVar

import pytest
from test_quiz_cli import studycli

from studycli.models import Fact
from studycli.study.questions import registry
from studycli.study.questions.answers import show
from studycli.study.questions.base import BuildContext, Question, shuffled_options
from studycli.study.questions.choice import ChoiceType
from studycli.study.questions.distractors import distractors
from studycli.study.questions.generator import to_json
from studycli.ui import LETTERS


class OddOneOut(ChoiceType):
    """Which of these is not one of the answers? Grading, asking and feedback come from ChoiceType."""

    name = "odd_one_out"
    answer_kinds: ClassVar[frozenset[str]] = frozenset({"list"})
    in_exam = True

    def build(self, fact: Fact, ctx: BuildContext) -> Question | None:
        if len(fact.answer) < 3:
            return None
        wrong = distractors(fact, ctx.family(fact), ctx.rng)
        if not wrong:
            return None
        members = ctx.rng.sample(list(fact.answer), 3)
        odd = wrong[0]
        belongs = ctx.text({"ko": "답 중 하나입니다.", "en": "One of the answers."})
        options, why, correct = shuffled_options(
            [(show(odd.value), ctx.text(odd.note))], [(show(m), belongs) for m in members], ctx.rng)
        stem = ctx.text({"ko": f"'{fact.ko}' — 다음 중 답이 아닌 것은?",
                         "en": f"“{fact.en}” — which of these is NOT one of the answers?"})
        return Question(stem=stem, options=options, correct=correct, why=why, choose=1, **ctx.base(fact, self.name))


ODD_ONE_OUT = OddOneOut()


@pytest.fixture
def plugin_path(tmp_path: Path) -> str:
    """A PYTHONPATH on which an installed distribution offers ODD_ONE_OUT as a question type."""
    site = tmp_path / "site"
    info = site / "odd_one_out_plugin-0.1.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: odd-one-out-plugin\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(f"[{registry.ENTRY_POINTS}]\nodd_one_out = test_question_types:ODD_ONE_OUT\n")
    return f"{site}:{Path(__file__).parent}"


@pytest.fixture
def registered():
    registry.register(ODD_ONE_OUT)
    yield ODD_ONE_OUT
    registry.unregister(ODD_ONE_OUT.name)


def test_a_type_from_an_entry_point_works_in_quiz_json_a_piped_session_and_the_exam(tmp_path, plugin_path):
    home = tmp_path / "home"
    run = studycli(home, "quiz", "--json", "--type", "odd_one_out", "--count", "3", "--seed", "4", PYTHONPATH=plugin_path)
    assert run.returncode == 0, run.stderr
    qs = json.loads(run.stdout)
    assert len(qs) == 3 and {q["type"] for q in qs} == {"odd_one_out"}
    for q in qs:
        assert len(q["options"]) == 4 and len(q["correct"]) == 1 and "NOT one of the answers" in q["stem"]
        assert q["options"][q["correct"][0]] not in q["answer"]   # the key is the one that does not belong
    again = studycli(home, "quiz", "--json", "--type", "odd_one_out", "--count", "3", "--seed", "4", PYTHONPATH=plugin_path)
    assert again.stdout == run.stdout

    # A session with piped answers: right, wrong, right.
    plan = [True, False, True]
    lines = [LETTERS[q["correct"][0]] if ok else LETTERS[(q["correct"][0] + 1) % 4] for q, ok in zip(qs, plan)]
    session = studycli(home, "quiz", "--type", "odd_one_out", "--count", "3", "--seed", "4",
                       stdin="\n".join(lines) + "\n", PYTHONPATH=plugin_path)
    assert session.returncode == 0, session.stderr
    assert "Score: 2/3 (67%)" in session.stdout
    assert session.stdout.count("✓ Right") == 2 and session.stdout.count("✗ Wrong") == 1
    assert "One of the answers." in session.stdout     # the type's own feedback, option by option
    rows = sqlite3.connect(home / "studycli.db").execute(
        "SELECT question_id, qtype, correct FROM answers ORDER BY id").fetchall()
    assert rows == [(q["id"], "odd_one_out", int(ok)) for q, ok in zip(qs, plan)]

    # The exam asks what the registry marks in_exam; the new type says it belongs there.
    exam = json.loads(studycli(home, "exam", "--json", "--count", "65", "--seed", "2", PYTHONPATH=plugin_path).stdout)
    assert "odd_one_out" in {q["type"] for q in exam}
    assert {q["type"] for q in exam} <= {"single", "multi", "odd_one_out"}

    # --type's choices are the registry's: without the plugin the type is unknown, with it
    # the error lists it beside the built-ins.
    gone = studycli(home, "quiz", "--json", "--type", "odd_one_out")
    assert gone.returncode != 0 and "--type: 'odd_one_out' is not a question type" in gone.stderr
    bad = studycli(home, "quiz", "--json", "--type", "essay", PYTHONPATH=plugin_path)
    assert "types: single, multi, true_false, cloze, matching, odd_one_out" in bad.stderr


@pytest.mark.parametrize("target, says", [
    ("no_such_module_anywhere:TYPE", "cannot be loaded: ModuleNotFoundError"),
    ("test_question_types:OddOneOut", "is not a QuestionType"),   # the class, not an object of it
])
def test_a_broken_plugin_is_one_error_line(tmp_path, plugin_path, target, says):
    site = plugin_path.split(":")[0]
    (Path(site) / "odd_one_out_plugin-0.1.dist-info" / "entry_points.txt").write_text(
        f"[{registry.ENTRY_POINTS}]\nbroken = {target}\n")
    run = studycli(tmp_path / "home", "quiz", "--json", "--count", "1", PYTHONPATH=plugin_path)
    assert run.returncode == 1 and run.stdout == "" and "Traceback" not in run.stderr
    assert run.stderr.startswith("Error: question type plug-in 'broken'") and says in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1


def test_a_type_registered_in_process_joins_the_generator_grading_json_and_the_cli(registered):
    from typer.testing import CliRunner

    from studycli import cli
    from studycli.content import load_catalogue
    from studycli.study.questions.generator import generate, grade, render_correct

    assert "odd_one_out" in registry.names()
    facts = load_catalogue().facts
    listy = next(f for f in facts if f.answer_kind == "list" and len(f.answer) >= 3)
    assert "odd_one_out" in registry.types_for(listy)
    qs = generate(facts, 5, random.Random(1), "ko", types=["odd_one_out"])
    assert len(qs) == 5 and all(q.type == "odd_one_out" and "답이 아닌 것은" in q.stem for q in qs)
    for q in qs:
        assert grade(q, list(q.correct)) and not grade(q, [(q.correct[0] + 1) % 4])
        assert render_correct(q) == q.options[q.correct[0]]
        assert to_json(q)["type"] == "odd_one_out"
    run = CliRunner().invoke(cli.app, ["quiz", "--json", "--type", "odd_one_out", "--count", "2", "--seed", "3",
                                       "--lang", "en"])
    assert run.exit_code == 0, run.output
    assert [q["type"] for q in json.loads(run.stdout)] == ["odd_one_out"] * 2


def test_what_the_generator_exam_and_notebook_ask_comes_from_the_registry():
    assert registry.names() == ("single", "multi", "true_false", "cloze", "matching")
    assert registry.exam_types() == ("single", "multi")
    assert registry.one_fact_types() == ("single", "multi", "true_false", "cloze")
    # the natural type of an answer kind is tried first; the rest in registry order
    fact = Fact(id="f", topic="t", family="x", prompt={"ko": "k", "en": "e"}, answer=["a", "b"], explain={"ko": "", "en": ""},
                source_lines=(1,), file="f.yaml", line=1)
    assert registry.types_for(fact) == ("multi", "single", "true_false")
    with pytest.raises(ValueError, match="unknown question type 'essay'"):
        registry.get("essay")


def test_every_type_renders_asks_and_gives_feedback_through_the_ui_it_is_handed():
    """A type never prints: it asks through the Prompter it is given and returns feedback lines."""
    from studycli.content import load_catalogue
    from studycli.i18n import render
    from studycli.study.questions.generator import generate

    class Recorder:
        def __init__(self) -> None:
            self.calls: list[str] = []

        def show_stem(self, text):
            self.calls.append("stem")

        def pick_options(self, options, count=1, extra_keys=None):
            self.calls.append(f"pick {count}")
            return list(range(count))

        def type_answer(self, extra_keys=None):
            self.calls.append("type")
            return "42"

        def match_items(self, items, options, extra_keys=None):
            self.calls.append("match")
            return list(range(len(items)))

    facts = load_catalogue().facts
    for name in registry.names():
        q = generate(facts, 1, random.Random(5), "en", types=[name])[0]
        qtype = registry.get(q.type)
        ui = Recorder()
        given = qtype.ask(q, ui)
        assert ui.calls[0] == "stem" and len(ui.calls) == 2, (name, ui.calls)
        lines = qtype.feedback(q, given, qtype.grade(q, given))
        text = "\n".join("".join(render(p, "en") for p in line.parts) for line in lines)
        assert text.startswith(("✓ Right", "✗ Wrong")), (name, text)
        assert render(qtype.render(q)[0].parts[0], "en") == q.stem
