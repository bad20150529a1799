"""The exam-day forecast and the workload plan (issue 20).

Acceptance 2: a card's predicted recall is FSRS's retrievability at the exam for its state,
and a topic's figure is the mean over its cards. Acceptance 3: on simulated learners the
predicted recall on exam day and the recall the simulation reaches differ by at most 0.05.
Acceptance 5: `stats --json` has `exam_forecast` (per topic, per domain, score band) when an
exam date is set and says why not otherwise. Plus the projection itself against a Monte Carlo
of its own model and against fsrs-rs's simulator, and `studycli plan`.
"""

from __future__ import annotations

import json
import math
import random
import statistics
from datetime import UTC, date, datetime, timedelta

import fsrs
import fsrs_rs_python
import pytest
import simlearner
from conftest import run_cli

from studycli import flashcards
from studycli.store import open_store
from studycli.study import domains, exam_day, fitting, plan, projection, scheduling

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
PACK_TOPIC = "zz-forecast/basics"
PACK = f"""\
topic: {PACK_TOPIC}
title: {{ko: 예보, en: Forecast}}
facts:
""" + "".join(f"""\
  - id: zz-forecast-{i}
    family: zz-forecast
    ko: 질문 {i}
    en: Question {i}
    answer: This answer {i} is a sentence.
    explain: {{ko: 설명, en: Explanation}}
    source: {{lines: [1]}}
""" for i in range(6))


def model_for(parameters=None, retention=0.9, first=simlearner.FIRST_RATING,
              review=simlearner.RECALLED_RATING) -> projection.Model:
    return projection.Model(tuple(parameters or fitting.default_parameters()), retention, first,
                            projection.Costs.defaults(), review_rating=review)


# --- acceptance 2: a card's figure is FSRS's retrievability at the exam; a topic's is the mean ---

@pytest.fixture(scope="module")
def small_learner():
    return simlearner.simulate(simlearner.true_parameters(5), cards=240, days=25, new_per_day=8, seed=5)


def test_card_recall_is_fsrs_retrievability_at_the_exam_and_topic_figures_are_means(small_learner):
    parameters = tuple(simlearner.true_parameters(6))        # not the defaults: they must be the ones used
    now = simlearner.START + timedelta(days=25, hours=3)
    exam = (now + timedelta(days=21)).date()
    names = simlearner.deck(240)
    topics = ("cloudwatch/alarms", "cloudwatch/logs", "config")
    cards = [exam_day.ForecastCard(cid, cid.split(":")[0], topics[i % 3], small_learner.cards.get(cid))
             for i, cid in enumerate(names)]
    assert 0 < sum(c.fsrs_json is None for c in cards) < len(cards)   # some never seen
    model = model_for(parameters)
    d = exam_day.deck(cards, now=now, exam_date=exam, model=model, new_per_day=8, new_left_today=8)
    result = exam_day.forecast(d, now=now, exam_date=exam, model=model)

    scheduler = fsrs.Scheduler(parameters=parameters)
    moment = datetime.combine(exam, datetime.min.time(), tzinfo=UTC)
    expected = {c.id: scheduler.get_card_retrievability(fsrs.Card.from_json(c.fsrs_json), moment)
                if c.fsrs_json else 0.0 for c in cards}
    assert result.card_recall == expected           # every card, exactly
    assert any(0.05 < r < 0.95 for r in expected.values())
    for row in result.topics:
        members = [c.id for c in cards if c.topic == row["topic"]]
        assert row["recall"] == round(statistics.fmean(expected[i] for i in members), 4)
        assert row["cards"] == len(members)
    for row in result.domains:
        members = [c.id for c in cards if domains.domain_of(c.topic) == row["domain"]]
        assert row["recall"] == round(statistics.fmean(expected[i] for i in members), 4)
    # the same state under the default parameters gives other figures: the parameters matter
    default = exam_day.forecast(d, now=now, exam_date=exam, model=model_for())
    assert default.card_recall != result.card_recall


@pytest.fixture
def pack(tmp_path):
    directory = tmp_path / "pack"
    directory.mkdir()
    (directory / "zz.yaml").write_text(PACK, encoding="utf-8")
    return directory


def stats_json(pack, now: datetime = NOW) -> dict:
    result = run_cli("stats", "--json", "--content", str(pack), env={"STUDYCLI_NOW": now.isoformat(), "TZ": "UTC"})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def rate(store, n: int, rating: int, when: datetime) -> None:
    flashcards.rate_card(store, card_id=f"zz-forecast-{n}:forward", fact_id=f"zz-forecast-{n}", kind="forward",
                         rating=rating, now=when, fuzzing=False)


def test_stats_json_topic_figure_is_the_mean_of_fsrs_retrievability_over_its_cards(pack):
    from studycli.sessions.cards import all_cards

    with open_store() as store:
        store.set_config("exam_date", "2026-04-01")
        rate(store, 0, 3, NOW - timedelta(days=9))
        rate(store, 0, 3, NOW - timedelta(days=6))
        rate(store, 1, 4, NOW - timedelta(days=3))
        rate(store, 2, 1, NOW - timedelta(days=1))
        stored = store.card_fsrs([c.id for c in all_cards([pack]) if c.topic == PACK_TOPIC])
    forecast = stats_json(pack)["exam_forecast"]
    topic_cards = [c.id for c in all_cards([pack]) if c.topic == PACK_TOPIC]
    moment = datetime(2026, 4, 1, tzinfo=UTC)
    scheduler = fsrs.Scheduler()
    recalls = [scheduler.get_card_retrievability(fsrs.Card.from_json(stored[cid]), moment) if cid in stored else 0.0
               for cid in topic_cards]
    row = next(t for t in forecast["topics"] if t["topic"] == PACK_TOPIC)
    assert row["recall"] == round(statistics.fmean(recalls), 4) > 0
    assert (row["cards"], row["seen"]) == (len(topic_cards), 3)


# --- acceptance 5: the JSON contract ---

def test_stats_json_has_the_exam_forecast_when_an_exam_date_is_set(pack):
    with open_store() as store:
        store.set_config("exam_date", "2026-04-01")
        rate(store, 3, 3, NOW - timedelta(days=2))
    forecast = stats_json(pack)["exam_forecast"]
    assert forecast["exam_date"] == "2026-04-01" and forecast["days_left"] == 22
    assert {t["topic"] for t in forecast["topics"]} >= {PACK_TOPIC, "cloudwatch/alarms", "config"}
    for row in forecast["topics"] + forecast["domains"]:
        assert 0 <= row["recall"] <= row["recall_on_schedule"] <= 1
        assert "accuracy" in row
    assert [d["domain"] for d in forecast["domains"]] == [d for d in domains.DOMAINS
                                                         if any(t["domain"] == d for t in forecast["topics"])]
    for figure in ("as_is", "on_schedule"):
        band = forecast["score_band"][figure]
        assert 100 <= band["low"] <= band["mid"] <= band["high"] <= 1000
    assert forecast["score_band"]["pass"] == 720
    assert forecast["workload"]["minutes_per_day"] > 0 and len(forecast["most_to_gain"]) == 3


def test_stats_json_says_why_the_forecast_is_absent(pack):
    forecast = stats_json(pack)["exam_forecast"]
    assert forecast["absent"] == "no_exam_date" and "config set exam_date" in forecast["why"]["en"]
    assert forecast["why"]["ko"].startswith("시험일이 설정되지")
    with open_store() as store:
        store.set_config("exam_date", "2026-03-01")   # already past at NOW
    assert stats_json(pack)["exam_forecast"]["absent"] == "exam_not_ahead"


def test_an_exam_past_the_horizon_has_no_forecast_and_cannot_be_set(pack):
    """The forecast projects every day until the exam: an exam more than a year ahead (a clock
    set far back, or a date typed years ahead) is said to be too far, not projected for hours."""
    from studycli import settings
    from studycli.errors import StudyError
    from studycli.study.scheduling import EXAM_HORIZON_DAYS

    with open_store() as store:
        store.set_config("exam_date", "9999-12-31")
    forecast = stats_json(pack)["exam_forecast"]
    assert forecast["absent"] == "exam_too_far" and str(EXAM_HORIZON_DAYS) in forecast["why"]["en"]
    today = NOW.date()
    assert settings.validate("exam_date", (today + timedelta(days=EXAM_HORIZON_DAYS)).isoformat(), today)
    with pytest.raises(StudyError, match="more than 366 days"):
        settings.validate("exam_date", (today + timedelta(days=EXAM_HORIZON_DAYS + 1)).isoformat(), today)


def test_quiz_and_exam_accuracy_stands_beside_the_recall(pack):
    with open_store() as store:
        store.set_config("exam_date", "2026-04-01")
        session = store.start_session("quiz", NOW - timedelta(days=1))
        for i, right in enumerate((True, True, False)):
            store.record_answer(session_id=session, question_id=f"q{i}", fact_ids=[f"zz-forecast-{i}"],
                                topic=PACK_TOPIC, qtype="single", given=[0], correct=right, answered_at=NOW)
    row = next(t for t in stats_json(pack)["exam_forecast"]["topics"] if t["topic"] == PACK_TOPIC)
    assert row["accuracy"] == {"right": 2, "answered": 3, "rate": 0.6667}


def test_stats_and_home_text_show_the_forecast_in_both_languages(pack):
    with open_store() as store:
        store.set_config("exam_date", "2026-04-01")
    env = {"STUDYCLI_NOW": NOW.isoformat(), "TZ": "UTC", "COLUMNS": "200"}
    en = run_cli("stats", "--content", str(pack), env=env)
    assert en.returncode == 0, en.stderr
    assert "Exam day 2026-04-01, predicted recall: 0% if you stopped now" in en.stdout
    assert "Predicted exam score (80% band):" in en.stdout and "Most to gain per minute:" in en.stdout
    ko = run_cli("--lang", "ko", "stats", "--content", str(pack), env=env)
    assert "시험일 2026-04-01 예상 기억률: 지금 멈추면 0%" in ko.stdout and "예상 시험 점수" in ko.stdout
    home = run_cli("home", env=env)
    assert "Recall on exam day" in home.stdout and "Predicted score" in home.stdout
    doc = json.loads(run_cli("home", "--json", env=env).stdout)
    assert doc["exam_forecast"]["exam_date"] == "2026-04-01"


# --- the projection: its figures for one card, against a Monte Carlo of its own model ---

def test_a_card_due_after_the_exam_keeps_its_recall_as_it_stands():
    model = model_for()
    projector = projection.Projector(model, 30)
    card = projection.CardNow(stability=400.0, difficulty=4.0, last_day=-2, due_day=60)
    out = projector.project([card])
    assert out.recalled == pytest.approx(projection.retrievability(model.parameters, 400.0, 32))
    assert sum(out.reviews) == 0 and sum(out.seconds) == 0


def sample_card(model: projection.Model, card: projection.CardNow, exam: int, rng: random.Random) -> tuple[float, int]:
    """One draw of the projection's own model for one card: (recall at the exam, ratings before it)."""
    rs = fsrs_rs_python.FSRS(list(model.parameters))
    memory = fsrs_rs_python.MemoryState(card.stability, card.difficulty)
    last, day, ratings = card.last_day, card.due_day, 0
    factor = (model.desired_retention ** (1 / -model.parameters[20]) - 1) / (0.9 ** (1 / -model.parameters[20]) - 1)
    while day < exam:
        recall = projection.retrievability(model.parameters, memory.stability, day - last)
        states = rs.next_states(memory, model.desired_retention, day - last)
        ratings += 1
        if rng.random() < recall:
            memory = (states.hard, states.good, states.easy)[rng.choices((0, 1, 2), model.review_rating)[0]].memory
        else:
            memory, previous, row = states.again.memory, 1, 0
            for _ in range(projection.MAX_STEPS):
                if row >= model.relearning_steps or previous == 4:
                    break
                step = rng.choices((1, 2, 3, 4), model.steps.relearning[min(previous, 3) - 1])[0]
                s = rs.next_states(memory, model.desired_retention, 0)
                memory = (s.again, s.hard, s.good, s.easy)[step - 1].memory
                row, previous, ratings = (row + 1 if step >= 3 else 0 if step == 1 else row), step, ratings + 1
        last, day = day, day + min(max(round(memory.stability * factor), 1), model.maximum_interval)
    return projection.retrievability(model.parameters, memory.stability, exam - last), ratings


@pytest.mark.parametrize("stability,difficulty,last,due", [(2.5, 5.0, -2, 0), (12.0, 7.5, -10, 3), (40.0, 3.0, -30, 9)])
def test_the_projection_agrees_with_a_monte_carlo_of_its_own_model(stability, difficulty, last, due):
    model, exam = model_for(), 45
    card = projection.CardNow(stability, difficulty, last, due)
    out = projection.Projector(model, exam).project([card])
    rng = random.Random(7)
    draws = [sample_card(model, card, exam, rng) for _ in range(3000)]
    assert out.recalled == pytest.approx(statistics.fmean(r for r, _ in draws), abs=0.015)
    assert sum(out.reviews) == pytest.approx(statistics.fmean(n for _, n in draws), rel=0.05)


def test_a_fresh_deck_matches_fsrs_rs_s_own_simulator():
    """The library's simulator (the one Anki runs for its workload estimates) on 1,000 new cards,
    20 a day for 60 days: our expected minutes a day and recall at the end agree with its mean."""
    config = fsrs_rs_python.default_simulator_config()
    config.deck_size, config.learn_span, config.learn_limit, config.max_cost_perday = 1000, 60, 20, 1e9
    runs = [fsrs_rs_python.simulate(fsrs_rs_python.DEFAULT_PARAMETERS, 0.9, config, seed) for seed in range(4)]
    minutes = statistics.fmean(sum(r.cost_per_day) for r in runs) / 60 / 60
    recalled = statistics.fmean(r.memorized_cnt_per_day[-1] for r in runs) / 1000
    model = projection.Model(fitting.default_parameters(), 0.9, projection.default_first_rating(),
                             projection.Costs.defaults())
    out = projection.Projector(model, 60).project(
        [], [(day, 0) for day in projection.introduction_days(1000, 60, 20, 20)])
    assert sum(out.seconds) / 60 / 60 == pytest.approx(minutes, rel=0.08)
    assert out.recalled / 1000 == pytest.approx(recalled, abs=0.02)


def test_introduction_days_follow_the_exam_pacing():
    days = projection.introduction_days(100, 10, 5, 3)
    assert len(days) == 100 and max(days) < 10 and days == sorted(days)
    policy = scheduling.Policy(exam_date=date(2026, 1, 11), new_per_day=3)
    left, today = 100, date(2026, 1, 1)
    for day in range(1, 10):   # after today's 5, each day takes what new_cards_per_day asks
        left -= days.count(day - 1)
        assert days.count(day) == min(left, scheduling.new_cards_per_day(policy, left, today + timedelta(days=day)))


def test_studying_a_topic_never_seen_gains_more_per_minute_than_one_just_reviewed(small_learner):
    now = simlearner.START + timedelta(days=25, hours=3)
    exam = (now + timedelta(days=14)).date()
    seen = [cid for cid in simlearner.deck(240) if cid in small_learner.cards][:40]
    cards = [exam_day.ForecastCard(cid, cid, "known", small_learner.cards[cid]) for cid in seen]
    cards += [exam_day.ForecastCard(f"new-{i}", f"new-{i}", "unknown") for i in range(40)]
    model = model_for()
    d = exam_day.deck(cards, now=now, exam_date=exam, model=model, new_per_day=20, new_left_today=20)
    result = exam_day.forecast(d, now=now, exam_date=exam, model=model)
    assert [g["topic"] for g in result.most_to_gain] == ["unknown", "known"]


def test_score_band():
    assert exam_day.score_band(0.0)["mid"] == 321            # all guessed: 25% right
    assert exam_day.score_band(1.0) == {"low": 1000, "mid": 1000, "high": 1000}
    mids = [exam_day.score_band(r / 10)["mid"] for r in range(11)]
    assert mids == sorted(mids) and len(set(mids)) == 11
    band = exam_day.score_band(0.6)
    assert band["low"] < 720 <= band["high"]


# --- acceptance 3: calibration on simulated learners ---

@pytest.mark.parametrize("seed", (1, 2, 3, 4))
def test_predicted_exam_day_recall_matches_what_simulated_learners_reach(seed):
    """60 days of study, `optimize`, then the forecast for an exam 30 days later; the learner goes
    on studying as the schedule says and is tested on every card on exam day."""
    learner = simlearner.simulate(simlearner.true_parameters(seed), cards=600, days=60, new_per_day=9, seed=seed)
    report = fitting.optimize(learner.log)
    now = simlearner.START + timedelta(days=60)
    exam = (now + timedelta(days=30)).date()
    policy = scheduling.Policy(fuzzing=True, exam_date=exam, parameters=report.parameters, new_per_day=9)
    learner.use(policy)
    names = simlearner.deck(600)
    model = model_for(report.parameters)
    cards = [exam_day.ForecastCard(cid, cid, "all", learner.cards.get(cid)) for cid in names]
    d = exam_day.deck(cards, now=now, exam_date=exam, model=model, new_per_day=9, new_left_today=9)
    predicted = exam_day.forecast(d, now=now, exam_date=exam, model=model).recall_on_schedule
    for day in range(30):
        today = now.date() + timedelta(days=day)
        unseen = sum(1 for cid in names if cid not in learner.cards)
        learner.study_day(today, names, scheduling.new_cards_per_day(policy, unseen, today))
    moment = datetime.combine(exam, datetime.min.time(), tzinfo=UTC)
    reached = learner.exam_day_recall(moment, names)
    expected = statistics.fmean(learner.recall_probability(cid, moment) for cid in names)
    assert abs(predicted - reached) <= 0.05, (predicted, reached)
    assert abs(predicted - expected) <= 0.05, (predicted, expected)
    assert not math.isnan(predicted)


# --- the workload plan ---

def test_plan_recommends_the_least_work_that_reaches_the_target():
    def option(retention, minutes, low, recall):
        return plan.Option(retention, minutes * 4, minutes, minutes * 2, recall, {"low": low, "mid": low + 30,
                                                                                  "high": low + 60})
    options = [option(0.8, 10, 700, 0.8), option(0.85, 12, 730, 0.85), option(0.9, 15, 760, 0.9),
               option(0.95, 22, 790, 0.95)]
    assert plan.recommend(options, 720) == (options[1], True)
    assert plan.recommend(options, 750) == (options[2], True)
    assert plan.recommend(options, 900) == (options[3], False)


def test_plan_command_applies_the_recommendation_after_one_yes(pack):
    env = {"STUDYCLI_NOW": NOW.isoformat(), "TZ": "UTC"}
    missing = run_cli("plan", env=env)
    assert missing.returncode == 1
    assert missing.stderr.strip() == "Error: plan: no exam date set: studycli config set exam_date YYYY-MM-DD"
    assert run_cli("config", "set", "exam_date", "2026-04-01", env=env).returncode == 0
    doc = json.loads(run_cli("plan", "--json", env=env).stdout)
    assert [o["desired_retention"] for o in doc["options"]] == [0.8, 0.85, 0.9, 0.95]
    minutes = [o["minutes_per_day"] for o in doc["options"]]
    assert minutes == sorted(minutes) and doc["applied"] is False
    recalls = [o["recall"] for o in doc["options"]]
    assert recalls == sorted(recalls)
    chosen = doc["recommended"]
    assert doc["change"] == (chosen != 0.9)

    declined = run_cli("plan", stdin="n\n", env=env)
    assert declined.returncode == 0 and "Recommended: desired retention" in declined.stdout
    assert run_cli("config", "get", "desired_retention").stdout.strip() == "0.9"
    if doc["change"]:
        accepted = run_cli("plan", stdin="y\n", env=env)
        assert f"desired_retention = {chosen}" in accepted.stdout
        assert float(run_cli("config", "get", "desired_retention").stdout) == chosen
    assert run_cli("plan", "--target", "5000", env=env).returncode == 1


def test_plan_json_with_yes_applies_a_harder_target(pack):
    env = {"STUDYCLI_NOW": NOW.isoformat(), "TZ": "UTC"}
    run_cli("config", "set", "exam_date", "2026-04-01", env=env)
    doc = json.loads(run_cli("plan", "--json", "--yes", "--target", "990", env=env).stdout)
    assert doc["recommended"] == 0.95 and doc["applied"] is True
    assert run_cli("config", "get", "desired_retention").stdout.strip() == "0.95"
