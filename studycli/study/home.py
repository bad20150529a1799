"""What the home screen says: weakest topics and what to do next. Pure: numbers in, advice out."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

from studycli.i18n import CATALOGUES, Msg, render

MIN_ANSWERS_FOR_A_VERDICT = 3
PASS_SCALED = 720


class Suggestion(NamedTuple):
    command: tuple[str, ...]        # the studycli arguments that do it
    message: Msg                    # what it says, in no language yet

    @property
    def text(self) -> dict[str, str]:
        """The suggestion in every language, keyed by code (what `home --json` prints)."""
        return {code: render(self.message, code) for code in CATALOGUES}


def topic_accuracy(outcomes: Sequence[tuple[str, bool]]) -> dict[str, tuple[int, int]]:
    """topic -> (right, total) over quiz answers and flashcard ratings."""
    table: dict[str, list[int]] = {}
    for topic, right in outcomes:
        cell = table.setdefault(topic, [0, 0])
        cell[0] += int(right)
        cell[1] += 1
    return {t: (r, n) for t, (r, n) in table.items()}


def combined_accuracy(answers: Mapping[str, tuple[int, int]], ratings: Mapping[str, tuple[int, int]],
                      topic_of: Mapping[str, str]) -> dict[str, tuple[int, int]]:
    """topic -> (right, total) from counts: quiz answers per topic plus flashcard ratings per fact,
    counted under the fact's topic (facts no longer in the content are left out).

    The same numbers `topic_accuracy` gives for the outcomes one by one, from the store's summaries."""
    table = {topic: [right, n] for topic, (right, n) in answers.items()}
    for fact_id, (right, n) in ratings.items():
        topic = topic_of.get(fact_id)
        if topic is not None and n:
            cell = table.setdefault(topic, [0, 0])
            cell[0] += right
            cell[1] += n
    return {t: (r, n) for t, (r, n) in table.items() if n}


def weakest_topics(accuracy: Mapping[str, tuple[int, int]], count: int = 3) -> list[tuple[str, float]]:
    """The topics with the lowest accuracy among those with enough answers to judge."""
    judged = [(t, r / n) for t, (r, n) in accuracy.items() if n >= MIN_ANSWERS_FOR_A_VERDICT]
    return sorted(judged, key=lambda item: (item[1], item[0]))[:count]


def suggestions(*, due: int, new_left: int, weakest: Sequence[tuple[str, float]], days_to_exam: int | None,
                last_exam_score: int | None, answered_any: bool,
                scenarios_due: Sequence[tuple[str, tuple[str, ...]]] = ()) -> list[Suggestion]:
    """What to do next, most useful first."""
    out: list[Suggestion] = []
    if due:
        out.append(Suggestion(("review",), Msg("home.review_due", {"count": due})))
    elif new_left:
        out.append(Suggestion(("review",), Msg("home.learn_new", {"count": new_left})))
    if weakest and weakest[0][1] < 0.8:
        topic = weakest[0][0]
        out.append(Suggestion(("quiz", "--topic", topic, "--count", "10"), Msg("home.quiz_weakest", {"topic": topic})))
    if not answered_any:
        out.append(Suggestion(("quiz", "--count", "10"), Msg("home.quiz_ten")))
    if days_to_exam is not None and days_to_exam <= 14 and (last_exam_score is None or last_exam_score < PASS_SCALED):
        out.append(Suggestion(("exam",), Msg("home.mock_exam")))
    for scenario_id, command in list(scenarios_due)[:2]:
        out.append(Suggestion(command, Msg("home.replay_scenario", {"scenario": scenario_id})))
    if not scenarios_due:
        out.append(Suggestion(("scenario", "alarm"), Msg("home.alarm_simulator")))
    if days_to_exam is not None and days_to_exam <= 1:
        out.insert(0, Suggestion(("notes",), Msg("home.summary_sheets")))
    return out
