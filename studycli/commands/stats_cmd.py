"""`stats` and `cards orphans`: the learner's progress, as text or one JSON document.

Thin: `studycli.sessions.stats` gathers the numbers; this module prints them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

cards_app = typer.Typer(help="Flashcards derived from the facts.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.command("stats")(stats)
    app.add_typer(cards_app, name="cards")


def stats(
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document."),
    content: list[Path] | None = typer.Option(None, "--content", help="Add a content pack directory."),
) -> None:
    """Cards by state, due today and the next 7 days, reviews per day, true retention, streak, history."""
    from studycli import clock
    from studycli.i18n import msg
    from studycli.sessions import stats as session

    report = session.gather(content, clock.local_now())
    if report.content_problem is not None:
        typer.echo(msg("stats.content_not_loaded", error=str(report.content_problem)), err=True)
    if as_json:
        from studycli.output import print_json

        print_json(report.document)
        return
    print_stats(report.document)


def print_stats(report: dict[str, Any]) -> None:
    """The report for people; with --lang both, each line in Korean then English."""
    from studycli import ui
    from studycli.i18n import CATALOGUES, language

    lang = language()
    if lang == "both":
        ko, en = stats_lines(report, CATALOGUES[0]), stats_lines(report, "en")
        lines = [(a if a == b else f"{a} / {b}", style) for (a, style), (b, _) in zip(ko, en)]
    else:
        lines = stats_lines(report, lang)
    from studycli.render.charts import stats_chart_lines

    ui.say_lines(lines + (stats_chart_lines(report["charts"]) if report.get("charts") else []))


def stats_lines(report: dict[str, Any], lang: str) -> list[tuple[str, str | None]]:
    """Each line of the text report in one language, with its style."""
    from studycli.i18n import msg

    def say(key: str, **params: Any) -> str:
        return msg(key, lang, **params)

    counts = " · ".join(say(f"stats.state.{name}", n=n) for name, n in report["cards_by_state"].items())
    retention = report["true_retention"]
    lines: list[tuple[str, str | None]] = [
        (say("stats.cards", states=counts), None),
        (say("stats.due_today", n=report["due_today"]), None),
        (say("stats.next_7_days", days="  ".join(f"{d['date'][5:]} {d['due']}" for d in report["forecast"])), None),
        (say("stats.true_retention",
             value=f"{retention:.1%} ({report['review_state_ratings']})" if retention is not None else "-",
             target=f"{report['desired_retention']:.0%}"), None),
        (say("stats.ratings_streak", total=report["reviews_total"], days=report["streak_days"]), None),
    ]
    if report["exam_date"]:
        lines.append((say("stats.exam", date=report["exam_date"], days=report["days_to_exam"],
                          new=report["new_per_day"]), None))
    lines.extend((text, None) for text in forecast_lines(report.get("exam_forecast"), lang))
    if report["reviews_per_day"]:
        days = "  ".join(f"{d['date'][5:]} {d['reviews']}" for d in report["reviews_per_day"][-14:])
        lines.append((say("stats.ratings_per_day", days=days), None))
    if report["orphans"]:
        lines.append((say("stats.orphans", n=report["orphans"]), "yellow"))
    for s in report["sessions"]:
        score = f"{s['correct']}/{s['answered']}" if s["answered"] else "-"
        meta = s.get("meta") or {}
        if s["kind"] == "exam":   # scaled score and pass/fail, or why there is none
            if meta.get("scaled") is not None:
                verdict = say("exam.result.pass" if meta.get("passed") else "exam.result.fail")
                score = say("ui.home.exam_score", scaled=meta["scaled"], verdict=verdict, right=meta.get("right", 0),
                            total=meta.get("total", 0))
            elif meta.get("abandoned"):
                score = say("stats.exam_abandoned", answered=s["answered"])
            elif meta.get("paused"):
                score = say("stats.exam_paused", answered=s["answered"])
        kind = say(f"stats.session.{s['kind']}") if s["kind"] in ("quiz", "exam") else s["kind"]
        lines.append((f"{s['started_at'][:16].replace('T', ' ')}  {kind:<5} {score}", None))
    return lines


def forecast_lines(forecast: dict[str, Any] | None, lang: str) -> list[str]:
    """The exam-day forecast in one language: recall now and on schedule, score band, by domain
    and topic with quiz/exam accuracy, where a minute helps most, the daily work."""
    from studycli.i18n import msg, pick

    if not forecast:
        return []
    if "absent" in forecast:
        return [msg("forecast.hint", lang)] if forecast["absent"] == "no_exam_date" else []

    def pct(value: float) -> str:
        return f"{value:.0%}"

    def band(b: dict[str, int]) -> str:
        return f"{b['low']}-{b['high']}"

    def row(name: str, r: dict[str, Any], indent: str) -> str:
        acc = r["accuracy"]
        accuracy = f"{pct(acc['rate'])} ({acc['answered']})" if acc else "-"
        return indent + msg("forecast.row", lang, name=name, now=pct(r["recall"]),
                            scheduled=pct(r["recall_on_schedule"]), accuracy=accuracy)

    bands = forecast["score_band"]
    lines = [msg("forecast.headline", lang, date=forecast["exam_date"], now=pct(forecast["recall"]),
                 scheduled=pct(forecast["recall_on_schedule"])),
             msg("forecast.score", lang, now=band(bands["as_is"]), scheduled=band(bands["on_schedule"]),
                 pass_score=bands["pass"])]
    for domain in forecast["domains"]:
        lines.append(row(pick(domain["title"], lang), domain, "  "))
        lines.extend(row(t["topic"], t, "    ") for t in forecast["topics"] if t["domain"] == domain["domain"])
    if forecast["most_to_gain"]:
        items = ", ".join(msg("forecast.gain_item", lang, topic=g["topic"], points=f"{g['points_per_minute']:.1f}")
                          for g in forecast["most_to_gain"])
        lines.append(msg("forecast.gain", lang, topics=items))
    work = forecast["workload"]
    lines.append(msg("forecast.workload", lang, reviews=f"{work['reviews_per_day']:.0f}",
                     minutes=f"{work['minutes_per_day']:.0f}"))
    lines.append(msg(f"forecast.parameters.{forecast['parameters']}", lang))
    return lines


@cards_app.command("orphans")
def cards_orphans(
    as_json: bool = typer.Option(False, "--json", help="Print one JSON document."),
    content: list[Path] | None = typer.Option(None, "--content", help="Add a content pack directory."),
) -> None:
    """Cards with progress whose fact no longer exists (kept, never deleted)."""
    from studycli.i18n import msg
    from studycli.sessions.stats import orphans

    found = orphans(content)
    if as_json:
        from studycli.output import print_json

        print_json(found)
        return
    for o in found:
        typer.echo(msg("stats.orphan_line", card=o["card_id"], reviews=o["reviews"], last=o["last_review"] or "-"))
    typer.echo(msg("stats.orphans_kept", n=len(found)), err=True)
