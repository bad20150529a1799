"""What the home screen says: weakest topics and what to do next. Pure: numbers in, advice out."""

from __future__ import annotations

from dataclasses import dataclass

MIN_ANSWERS_FOR_A_VERDICT = 3
PASS_SCALED = 720


@dataclass(frozen=True)
class Suggestion:
    command: tuple[str, ...]        # the studycli arguments that do it
    text: dict[str, str]            # {"ko", "en"}


def topic_accuracy(outcomes: list[tuple[str, bool]]) -> dict[str, tuple[int, int]]:
    """topic -> (right, total) over quiz answers and flashcard ratings."""
    table: dict[str, list[int]] = {}
    for topic, right in outcomes:
        cell = table.setdefault(topic, [0, 0])
        cell[0] += int(right)
        cell[1] += 1
    return {t: (r, n) for t, (r, n) in table.items()}


def weakest_topics(accuracy: dict[str, tuple[int, int]], count: int = 3) -> list[tuple[str, float]]:
    """The topics with the lowest accuracy among those with enough answers to judge."""
    judged = [(t, r / n) for t, (r, n) in accuracy.items() if n >= MIN_ANSWERS_FOR_A_VERDICT]
    return sorted(judged, key=lambda item: (item[1], item[0]))[:count]


def suggestions(*, due: int, new_left: int, weakest: list[tuple[str, float]], days_to_exam: int | None,
                last_exam_score: int | None, answered_any: bool,
                scenarios_due: list[tuple[str, tuple[str, ...]]] = ()) -> list[Suggestion]:
    """What to do next, most useful first."""
    out: list[Suggestion] = []
    if due:
        out.append(Suggestion(("review",), {"ko": f"복습할 카드 {due}장 복습하기", "en": f"Review the {due} cards due"}))
    elif new_left:
        out.append(Suggestion(("review",), {"ko": f"새 카드 {new_left}장 배우기", "en": f"Learn {new_left} new cards"}))
    if weakest and weakest[0][1] < 0.8:
        topic = weakest[0][0]
        out.append(Suggestion(("quiz", "--topic", topic, "--count", "10"),
                              {"ko": f"가장 약한 주제 퀴즈: {topic}", "en": f"Quiz your weakest topic: {topic}"}))
    if not answered_any:
        out.append(Suggestion(("quiz", "--count", "10"), {"ko": "실력 확인 퀴즈 10문제", "en": "Take a 10-question quiz"}))
    if days_to_exam is not None and days_to_exam <= 14 and (last_exam_score is None or last_exam_score < PASS_SCALED):
        out.append(Suggestion(("exam",), {"ko": "모의고사 보기", "en": "Sit a timed mock exam"}))
    for scenario_id, command in list(scenarios_due)[:2]:
        out.append(Suggestion(command, {"ko": f"시나리오 다시 풀기: {scenario_id}", "en": f"Replay a due scenario: {scenario_id}"}))
    if not scenarios_due:
        out.append(Suggestion(("scenario", "alarm"), {"ko": "경보 시뮬레이터로 연습하기", "en": "Practise with the alarm simulator"}))
    if days_to_exam is not None and days_to_exam <= 1:
        out.insert(0, Suggestion(("notes",), {"ko": "시험 전날 요약 노트 읽기", "en": "Read the summary sheets"}))
    return out
