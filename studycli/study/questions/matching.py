"""`matching`: items to options. A mapping fact's pairs, or several facts of one family
(each prompt to its answer). The answer is one option index per item, in item order."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from studycli.i18n import Msg
from studycli.models import Fact
from studycli.study.questions.answers import contains, meaning_key, normalise_text, show
from studycli.study.questions.base import (
    LETTERS,
    MAX_OPTIONS,
    BuildContext,
    Line,
    Prompter,
    Question,
    QuestionType,
    fact_words,
    question_id,
)

MATCHING_ITEMS = (3, 4)  # family matching: how many facts are matched at once


class Matching(QuestionType):
    name = "matching"
    answer_kinds: ClassVar[frozenset[str]] = frozenset({"text", "number", "mapping"})
    leads: ClassVar[frozenset[str]] = frozenset({"mapping"})
    one_fact = False   # a family matching question is about several facts at once

    # --- building ---

    def build(self, fact: Fact, ctx: BuildContext) -> Question | None:
        if fact.answer_kind == "mapping":
            return self._from_mapping(fact, ctx)
        return self._from_family(fact, ctx)

    def _question(self, pairs: list[tuple[str, str]], stem: str, base: dict[str, Any],
                  ctx: BuildContext) -> Question | None:
        if len({meaning_key(r) for _, r in pairs}) != len(pairs) or len(pairs) > MAX_OPTIONS:
            return None
        if len({normalise_text(left) for left, _ in pairs}) != len(pairs):
            return None
        if any(contains(left, right) for left, right in pairs) or any(contains(stem, r) for _, r in pairs):
            return None
        ctx.rng.shuffle(pairs)
        order = list(range(len(pairs)))
        ctx.rng.shuffle(order)   # order[j] = the pair whose right side is option j
        options = tuple(pairs[i][1] for i in order)
        correct = tuple((i, order.index(i)) for i in range(len(pairs)))
        answer_text = "; ".join(f"{left} → {right}" for left, right in pairs)
        base = dict(base, answer_text=answer_text)
        return Question(stem=stem, options=options, correct=correct, items=tuple(p[0] for p in pairs),
                        choose=len(pairs), **base)

    def _from_mapping(self, fact: Fact, ctx: BuildContext) -> Question | None:
        pairs = [(k, v) for k, v in fact.answer.items()]
        if len(pairs) > MAX_OPTIONS:
            pairs = ctx.rng.sample(pairs, MAX_OPTIONS)
        stem = ctx.text(Msg("quiz.matching.mapping", {"prompt": fact_words(fact)}))
        return self._question(pairs, stem, ctx.base(fact, self.name), ctx)

    def _from_family(self, fact: Fact, ctx: BuildContext) -> Question | None:
        """Several facts of one family: each prompt to its answer."""
        others = [f for f in ctx.family(fact) if f.id != fact.id and f.answer_kind in ("text", "number")]
        taken = {meaning_key(fact.answer)}
        mates = []
        ctx.rng.shuffle(others)
        for other in others:
            if meaning_key(other.answer) not in taken and normalise_text(other.ko) != normalise_text(fact.ko):
                taken.add(meaning_key(other.answer))
                mates.append(other)
            if len(mates) == MATCHING_ITEMS[-1] - 1:
                break
        if len(mates) < MATCHING_ITEMS[0] - 1:
            return None
        group = [fact, *mates]
        pairs = [(ctx.text(fact_words(f)), show(f.answer)) for f in group]
        stem = ctx.text(Msg("quiz.matching.family"))
        base = ctx.base(fact, self.name)
        ids = tuple(f.id for f in group)
        base.update(id=question_id(ids, self.name, ctx.position), fact_ids=ids,
                    source_lines=tuple(sorted({n for f in group for n in f.source_lines})),
                    explanation="\n".join(ctx.explain(f) for f in group),
                    erratum="\n".join(e for e in (ctx.erratum(f) for f in group) if e) or None)
        return self._question(pairs, stem, base, ctx)

    # --- answering ---

    def grade(self, question: Question, given: Any) -> bool:
        if not isinstance(given, (list, tuple)) or len(given) != len(question.items):
            return False
        return all(given[i] == j for i, j in question.correct)

    def render_given(self, question: Question, given: Any) -> str:
        if given is None:
            return ""
        return "; ".join(f"{question.items[i]} → {question.options[j]}" for i, j in enumerate(given)
                         if 0 <= j < len(question.options))

    def render_correct(self, question: Question) -> str:
        return "; ".join(f"{question.items[i]} → {question.options[j]}" for i, j in question.correct)

    def keys(self, question: Question, given: Any) -> str:
        if isinstance(given, str):
            return given
        return " ".join(LETTERS[p] for p in given if 0 <= p < len(LETTERS))

    def render(self, question: Question) -> list[Line]:
        lines = [Line((question.stem,), style="bold")]
        lines += [Line((item,), marker=f"  {i}. ") for i, item in enumerate(question.items, 1)]
        lines.append(Line((Msg("quiz.matching.options"),), style="dim"))
        lines += [Line((option,), marker=f"  {LETTERS[i]}. ") for i, option in enumerate(question.options)]
        return lines

    def ask(self, question: Question, ui: Prompter, extra_keys: Mapping[str, str] | None = None) -> Any:
        ui.show_stem(question.stem)
        return ui.match_items(question.items, question.options, extra_keys)

    def feedback(self, question: Question, given: Any, ok: bool) -> list[Line]:
        """Item by item, instead of every item's full text in one long line: the right letter, and
        the learner's where it differs."""
        right = dict(question.correct)
        letters = " ".join(LETTERS[right[i]] for i in range(len(question.items)) if i in right)
        lines = [Line((Msg("quiz.feedback.right_as", {"answer": letters}),), style="green") if ok else
                 Line((Msg("quiz.feedback.wrong", {"answer": letters}),), style="red")]
        mine = list(given) if isinstance(given, list) else []
        for i in range(len(question.items)):
            if i not in right:
                continue
            j = right[i]
            parts: list[Msg | str] = [f"{LETTERS[j]}. {question.options[j]}"]
            if i < len(mine) and mine[i] != j:
                parts.append(Msg("quiz.feedback.you", {"letter": LETTERS[mine[i]]}))
            lines.append(Line(tuple(parts), marker=f"  {'✓' if i < len(mine) and mine[i] == j else '✗'} {i + 1} → "))
        return lines


TYPE = Matching()
