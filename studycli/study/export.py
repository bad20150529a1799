"""What an export contains: one CSV row per flashcard, one Anki note per fact, and one per
exam item (kind `item`; in Anki a multiple-choice note: the stem and options on the front, the
key and every option's reason on the back).

Pure: cards, facts and items in, plain data out. The command writes it (atomically).

Anki, as Anki users expect: a fact is one note and its forward, reverse and cloze cards
are cards of that note, made by the templates of one note type (`FIELD_KEYS`,
`template_specs`), so Anki buries siblings and shows each back once. A template whose
front field is empty makes no card. A note's GUID comes from its fact's forward card id, an
item note's from the item id (never from wording), so re-importing an export updates the
learner's notes instead of duplicating them. Field and template names, and the deck's
description, are in the deck's language.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass

from studycli.i18n import CATALOGUES, msg, pick
from studycli.items import Item
from studycli.models import Fact
from studycli.study.cards import StudyCard

# Each text column once per language code: front_ko, front_en, back_ko, ...
TEXT_COLUMNS = ("front", "back", "explain")
CSV_COLUMNS = ["card_id", "fact_id", "kind", "topic",
               *(f"{part}_{code}" for part in TEXT_COLUMNS for code in CATALOGUES), "source_lines", "tags"]


@dataclass(frozen=True)
class AnkiNote:
    guid_key: str          # the fact's forward card id, or an item's id: stable across exports
    note_type: str         # "fact" (a template per card kind) or "choice" (an exam item)
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


MAX_REVERSE = 8   # reverse templates of the note type (a mapping fact has one reverse card per key)
FIELD_KEYS = ("front", "back", *(f"reverse{n}_{part}" for n in range(1, MAX_REVERSE + 1) for part in ("front", "back")),
              "cloze_front", "cloze_back", "explanation")


def field_names(lang: str) -> list[str]:
    """The note type's field names in the deck's language (Anki shows them in its editor)."""
    names = []
    for key in FIELD_KEYS:
        if key.startswith("reverse"):
            number, part = key[len("reverse"):].split("_")
            names.append(msg(f"export.field.reverse_{part}", lang, n=number))
        else:
            names.append(msg(f"export.field.{key}", lang))
    return names


def template_specs(lang: str) -> list[tuple[str, str, str]]:
    """(template name, front field, back field) for each card a note can make, in the deck's language."""
    names = field_names(lang)
    by_key = dict(zip(FIELD_KEYS, names))
    specs = [(msg("export.template.forward", lang), by_key["front"], by_key["back"])]
    specs += [(msg("export.template.reverse", lang, n=n), by_key[f"reverse{n}_front"], by_key[f"reverse{n}_back"])
              for n in range(1, MAX_REVERSE + 1)]
    specs.append((msg("export.template.cloze", lang), by_key["cloze_front"], by_key["cloze_back"]))
    return specs


def anki_notes(cards: list[StudyCard], facts: Mapping[str, Fact], lang: str) -> list[AnkiNote]:
    """One note per fact: its forward, reverse and cloze cards fill the fields of their templates.

    The export's own words are in `lang` (the deck is written once, in one language).
    """
    by_fact: dict[str, list[StudyCard]] = {}
    for c in cards:
        by_fact.setdefault(c.fact_id, []).append(c)
    notes = []
    for fact_id, group in by_fact.items():
        fact = facts.get(fact_id)
        values = dict.fromkeys(FIELD_KEYS, "")
        reverse = 0
        tags: list[str] = []
        for c in group:
            front, back = as_html(pick(c.front, lang)), as_html(pick(c.back, lang))
            if c.kind == "forward":
                values["front"], values["back"] = front, back
            elif c.kind == "cloze":
                values["cloze_front"], values["cloze_back"] = front, back
            else:
                reverse += 1
                if reverse > MAX_REVERSE:
                    raise ValueError(f"{fact_id}: more than {MAX_REVERSE} reverse cards; raise MAX_REVERSE")
                values[f"reverse{reverse}_front"], values[f"reverse{reverse}_back"] = front, back
            tags += [t for t in card_tags(c, fact) if t not in tags]
        first = next((c for c in group if c.kind == "forward"), group[0])
        values["explanation"] = _explanation(first, fact, lang)
        notes.append(AnkiNote(first.id, "fact", tuple(values[k] for k in FIELD_KEYS), tuple(tags)))
    return notes


def _explanation(card: StudyCard, fact: Fact | None, lang: str) -> str:
    extra = as_html(pick(card.explain, lang))
    lines = ", ".join(map(str, card.source_lines))
    if lines:
        extra += f"<br><small>{as_html(msg('export.notes_lines', lang, lines=lines))}</small>"
    if fact is not None and fact.erratum:
        extra += (f"<br><b>{as_html(msg('export.erratum', lang))}</b>: "
                  + as_html(f"{fact.erratum.notes_said} → {fact.erratum.correction(lang)}"))
    return extra


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
