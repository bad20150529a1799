"""`matching`: items to options. A mapping fact's pairs, or several facts of one family
(each prompt to its answer). The answer is one option index per item, in item order.

Only pairs that must be known: none whose words give it away (`giveaway`: "attached to a
role" → AttachRolePolicy, "read" → DescribeInstances), and a family set only of facts the
content documents as mixed up with one another, so every option tempts for another item."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from studycli.i18n import CATALOGUES, Msg
from studycli.models import Fact
from studycli.study.questions.answers import contains, meaning_key, normalise_text
from studycli.study.questions.base import (
    LETTERS,
    MAX_OPTIONS,
    BuildContext,
    Line,
    Prompter,
    Question,
    QuestionType,
    Words,
    cited_lines,
    fact_words,
    means_words,
    opening,
    question_id,
    value_words,
)
from studycli.study.questions.distractors import is_right_here
from studycli.study.questions.giveaway import gives_away

MATCHING_ITEMS = (3, 4)  # family matching: how many facts are matched at once


@dataclass(frozen=True)
class Pair:
    left: str                       # the item, in the learner's language
    right: str                      # its answer, as the option reads
    canonical: Any                  # the answer's canonical value (meanings are compared on it)
    note: Words                     # why this option goes with its item


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

    def _question(self, pairs: list[Pair], stem: str, base: dict[str, Any], ctx: BuildContext) -> Question | None:
        """Items (left) to options (right), shuffled; each option explained by its pair's note."""
        if len({meaning_key(p.canonical) for p in pairs}) != len(pairs) or len(pairs) > MAX_OPTIONS:
            return None
        if len({normalise_text(p.left) for p in pairs}) != len(pairs) or len({p.right for p in pairs}) != len(pairs):
            return None
        if any(contains(p.left, p.right) for p in pairs) or any(contains(stem, p.right) for p in pairs):
            return None
        ctx.rng.shuffle(pairs)
        order = list(range(len(pairs)))
        ctx.rng.shuffle(order)   # order[j] = the pair whose right side is option j
        options = tuple(pairs[i].right for i in order)
        why = tuple(ctx.text(pairs[i].note) for i in order)
        correct = tuple((i, order.index(i)) for i in range(len(pairs)))
        answer_text = "; ".join(f"{p.left} → {p.right}" for p in pairs)
        base = dict(base, answer_text=answer_text)
        return Question(stem=stem, options=options, correct=correct, items=tuple(p.left for p in pairs),
                        why=why, choose=len(pairs), **base)

    def _from_mapping(self, fact: Fact, ctx: BuildContext) -> Question | None:
        """The mapping's pairs, less those whose words give them away (in any language); too few left, none."""
        pairs = list(fact.answer.items())
        telling: set[int] = set()
        for code in CATALOGUES:
            telling.update(gives_away([fact.show(k, code) for k, _ in pairs], [fact.show(v, code) for _, v in pairs]))
        pairs = [p for i, p in enumerate(pairs) if i not in telling]
        if len(pairs) < MATCHING_ITEMS[0]:
            return None
        if len(pairs) > MAX_OPTIONS:
            pairs = ctx.rng.sample(pairs, MAX_OPTIONS)
        made = [Pair(ctx.show(fact, k), ctx.show(fact, v), v,
                     Msg("quiz.why.pairs", {"left": opening(fact, k), "value": value_words(fact, v)}))
                for k, v in pairs]
        stem = ctx.text(Msg("quiz.matching.mapping", {"prompt": fact_words(fact)}))
        return self._question(made, stem, ctx.base(fact, self.name), ctx)

    def _from_family(self, fact: Fact, ctx: BuildContext) -> Question | None:
        """Several facts of one family: what each answer is (its `means`) to the answer. The group
        is the fact's matching set (`matching_set`), so a set is one question whichever of its
        facts leads to it."""
        group = matching_set(fact, ctx.family(fact))
        if group is None:
            return None
        pairs = [Pair(ctx.text(means_words(f)), ctx.show(f, f.answer), f.answer,
                      dict(f.explain))
                 for f in group]
        stem = ctx.text(Msg("quiz.matching.family"))
        first = group[0]
        base = ctx.base(first, self.name)
        ids = tuple(f.id for f in group)
        base.update(id=question_id(ids, self.name, ctx.position), fact_ids=ids,
                    source_lines=tuple(sorted({n for f in group for n in cited_lines(f)})),
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
            why = question.why[j] if j < len(question.why) else ""
            parts: list[Msg | str] = [f"{LETTERS[j]}. {question.options[j]}" + (f": {why}" if why else "")]
            if i < len(mine) and mine[i] != j:
                parts.append(Msg("quiz.feedback.you", {"letter": LETTERS[mine[i]]}))
            lines.append(Line(tuple(parts), marker=f"  {'✓' if i < len(mine) and mine[i] == j else '✗'} {i + 1} → "))
        return lines


def matching_set(fact: Fact, family: Sequence[Fact]) -> list[Fact] | None:
    """The facts `fact` is matched with: its family's text and number facts, in id order (so
    neighbours in the notes tend to meet), dealt into sets of at most four, each fact into the
    first set where it fits: no answer of the set means the same as its answer or would also be
    right for it, no two descriptions read alike, it is a documented mix-up of a fact already
    there (one's answer is among the other's confusers: each option tempts for another item,
    so "the database service" beside "the machine learning service" is not a set), and no
    description shares a telling word with its own answer (`giveaway`). None when its set has
    fewer than three.

    The sets depend on the family only, not on chance: a set is one question, asked the same
    way whichever of its facts comes up first."""
    sets: list[list[Fact]] = []
    for candidate in sorted((f for f in family if f.answer_kind in ("text", "number")), key=lambda f: f.id):
        for group in sets:
            if (len(group) < MATCHING_ITEMS[-1] and all(_fit(candidate, other) for other in group)
                    and any(_mixed_up(candidate, other) for other in group) and not _telling([*group, candidate])):
                group.append(candidate)
                break
        else:
            sets.append([candidate])
    found = next((group for group in sets if any(f.id == fact.id for f in group)), None)
    return found if found is not None and len(found) >= MATCHING_ITEMS[0] else None


def _mixed_up(a: Fact, b: Fact) -> bool:
    """Is one of the two facts' answers a confuser the content documents for the other? (When
    either documents none, as in a user's pack, nothing says they are not.)"""
    if not (a.confusers and b.confusers):
        return True
    return (meaning_key(b.answer) in {meaning_key(c) for c in a.confusers}
            or meaning_key(a.answer) in {meaning_key(c) for c in b.confusers})


def _telling(group: Sequence[Fact]) -> bool:
    """Would some description of `group` give away its answer by its words, in any language?"""
    return any(gives_away([means_words(f)[code] for f in group], [f.show(f.answer, code) for f in group])
               for code in CATALOGUES)


def _fit(a: Fact, b: Fact) -> bool:
    """Can `a` and `b` be items of one matching question (each answer is right for its own item only)?"""
    if meaning_key(a.answer) == meaning_key(b.answer) or is_right_here(a, b.answer, b) or is_right_here(b, a.answer, a):
        return False
    for code in CATALOGUES:
        a_means, b_means = means_words(a)[code], means_words(b)[code]
        if normalise_text(a_means) == normalise_text(b_means):
            return False
        if contains(a_means, b.show(b.answer, code)) or contains(b_means, a.show(a.answer, code)):
            return False
    return True


TYPE = Matching()
