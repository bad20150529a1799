"""What an export contains: one row (CSV) or note (Anki) per flashcard, built from the cards,
and one per exam item (kind `item`; in Anki a multiple-choice note: the stem and options on
the front, the key and every option's reason on the back).

Pure: cards, facts and items in, plain data out. The command writes it (atomically).
Anki notes get GUIDs from card ids and item ids (never from wording), so re-importing an
export updates the learner's notes instead of duplicating them.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass

from studycli.i18n import CATALOGUES, msg, pick
from studycli.items import Item
from studycli.models import Fact
from studycli.study.cards import BLANK, StudyCard

# Each text column once per language code: front_ko, front_en, back_ko, ...
TEXT_COLUMNS = ("front", "back", "explain")
CSV_COLUMNS = ["card_id", "fact_id", "kind", "topic",
               *(f"{part}_{code}" for part in TEXT_COLUMNS for code in CATALOGUES), "source_lines", "tags"]


@dataclass(frozen=True)
class AnkiNote:
    guid_key: str          # the card id (an item's id): stable across exports
    note_type: str         # basic, cloze or choice (an exam item)
    fields: tuple[str, ...]
    tags: tuple[str, ...]


def card_tags(card: StudyCard, fact: Fact | None) -> tuple[str, ...]:
    """Anki tags: the topic as a hierarchy (studycli::cloudwatch::alarms), the card kind, flags."""
    tags = ["studycli::" + card.topic.replace("/", "::"), f"kind::{card.kind}"]
    if fact is not None:
        tags.append(f"family::{fact.family}")
        if fact.erratum:
            tags.append("erratum")
        if fact.supplementary:
            tags.append("supplementary")
    return tuple(tags)


def csv_rows(cards: list[StudyCard], facts: Mapping[str, Fact]) -> list[list[str]]:
    rows = [CSV_COLUMNS]
    for c in cards:
        texts = {"front": c.front, "back": c.back, "explain": c.explain}
        rows.append([c.id, c.fact_id, c.kind, c.topic,
                     *(texts[part].get(code, "") for part in TEXT_COLUMNS for code in CATALOGUES),
                     " ".join(map(str, c.source_lines)), " ".join(card_tags(c, facts.get(c.fact_id)))])
    return rows


def as_html(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def anki_notes(cards: list[StudyCard], facts: Mapping[str, Fact], lang: str) -> list[AnkiNote]:
    """Basic notes (front, back, explanation + notes lines) and cloze notes for cloze cards.

    The export's own words are in `lang` (the deck is written once, in one language).
    """
    notes = []
    for c in cards:
        lines = ", ".join(map(str, c.source_lines))
        extra = as_html(pick(c.explain, lang))
        if lines:
            extra += f"<br><small>{as_html(msg('export.notes_lines', lang, lines=lines))}</small>"
        fact = facts.get(c.fact_id)
        if fact is not None and fact.erratum:
            extra += (f"<br><b>{as_html(msg('export.erratum', lang))}</b>: "
                      + as_html(f"{fact.erratum.notes_said} → {fact.erratum.correction(lang)}"))
        front = pick(c.front, lang)
        if c.kind == "cloze" and BLANK in front:
            answer = pick(c.back, lang).split("\n")[0]
            text = as_html(front).replace(html.escape(BLANK), "{{c1::" + as_html(answer) + "}}")
            notes.append(AnkiNote(c.id, "cloze", (text, extra), card_tags(c, fact)))
        else:
            notes.append(AnkiNote(c.id, "basic", (as_html(front), as_html(pick(c.back, lang)), extra),
                                  card_tags(c, fact)))
    return notes


# --- exam items ---

LETTERS = "ABCDEF"


def item_tags(item: Item) -> tuple[str, ...]:
    return ("studycli::" + item.topic.replace("/", "::"), "kind::item", f"domain::{item.domain}",
            f"choose::{item.choose}", *(f"tag::{t}" for t in item.tags))


def _item_front(item: Item, lang: str) -> str:
    """The stem, then the options lettered A-F in content order."""
    lines = [pick(item.stem, lang)] + [f"{LETTERS[i]}. {pick(o.text, lang)}" for i, o in enumerate(item.options)]
    return "\n".join(lines)


def _item_back(item: Item, lang: str) -> str:
    """The key, then every option's reason (✓ for the key, ✗ for a wrong option)."""
    key = ", ".join(LETTERS[k] for k in item.key)
    lines = [msg("export.item.answer", lang, letters=key)]
    lines += [f"{'✓' if i in item.key else '✗'} {LETTERS[i]}. {pick(o.why, lang)}" for i, o in enumerate(item.options)]
    return "\n".join(lines)


def item_rows(items: list[Item]) -> list[list[str]]:
    """CSV rows (the columns of `CSV_COLUMNS`) for exam items: front = stem and options, back =
    key and reasons, explain = the AWS reference."""
    rows = []
    for item in items:
        texts = {"front": {c: _item_front(item, c) for c in CATALOGUES},
                 "back": {c: _item_back(item, c) for c in CATALOGUES},
                 "explain": dict.fromkeys(CATALOGUES, item.reference)}
        rows.append([item.id, "", "item", item.topic,
                     *(texts[part][code] for part in TEXT_COLUMNS for code in CATALOGUES),
                     " ".join(map(str, item.source_lines)), " ".join(item_tags(item))])
    return rows


def item_notes(items: list[Item], lang: str) -> list[AnkiNote]:
    """Multiple-choice notes: fields Question, Options, Answer, Reasons, Reference (with the notes lines)."""
    notes = []
    for item in items:
        options = "<br>".join(as_html(f"{LETTERS[i]}. {pick(o.text, lang)}") for i, o in enumerate(item.options))
        answer = as_html(msg("export.item.answer", lang, letters=", ".join(LETTERS[k] for k in item.key)))
        reasons = "<br>".join(as_html(f"{'✓' if i in item.key else '✗'} {LETTERS[i]}. {pick(o.why, lang)}")
                              for i, o in enumerate(item.options))
        lines = ", ".join(map(str, item.source_lines))
        reference = as_html(item.reference) + f"<br><small>{as_html(msg('export.item.notes_lines', lang, lines=lines))}</small>"
        notes.append(AnkiNote(item.id, "choice", (as_html(pick(item.stem, lang)), options, answer, reasons, reference),
                              item_tags(item)))
    return notes
