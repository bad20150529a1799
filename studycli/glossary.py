"""The glossary (`content/glossary/ko.yaml`): one Korean word per AWS concept, and the names kept in English.

One file per language other than English (the concepts are named in English).

`content check` uses it to flag a variant the Korean console does not use (메트릭 for 지표,
트레일 for 추적, ...) in any Korean text a learner reads; the quiz uses `keep` to know which
English names may appear in a Korean option. Quotes of the notes (`erratum.notes_said`) and
the typed-answer spellings a fact accepts (`accept`) are exempt: they are meant to differ.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from studycli.errors import ContentError


@dataclass(frozen=True)
class Term:
    en: str
    ko: str
    avoid: tuple[str, ...]


@dataclass(frozen=True)
class Glossary:
    terms: tuple[Term, ...]
    keep: tuple[str, ...] = ()

    def variants_in(self, text: str) -> list[tuple[str, Term]]:
        """Each avoided variant found in `text`, with the term to write instead."""
        return [(variant, term) for term in self.terms for variant in term.avoid
                if variant in text and not _inside_the_term(text, variant, term.ko)]


def _inside_the_term(text: str, variant: str, preferred: str) -> bool:
    """A variant that only occurs inside the preferred word itself is no variant."""
    return variant in preferred and text.count(variant) == text.count(preferred)


def glossary_path(directory: Path, lang: str = "ko") -> Path:
    return directory / "glossary" / f"{lang}.yaml"


def load_glossary(directory: Path, lang: str = "ko") -> Glossary:
    """The glossary of a content directory for one language (empty when there is none)."""
    from studycli.yamlsrc import Located, load_file

    path = glossary_path(directory, lang)
    if not path.is_file():
        return Glossary(())
    doc = load_file(path)
    problems: list[str] = []
    if not isinstance(doc, Located) or not set(doc) <= {"terms", "keep"}:
        raise ContentError([f"{path}:1: file: expected a mapping with terms (and keep)"])
    terms = []
    for i, raw in enumerate(doc.get("terms") or []):
        line = doc["terms"].line_of(i)
        if not _is_term(raw):
            problems.append(f"{path}:{line}: terms: expected {{en: text, ko: text, avoid: [text, ...]}}")
            continue
        terms.append(Term(raw["en"], raw["ko"], tuple(raw.get("avoid") or ())))
    keep = doc.get("keep") or []
    if not isinstance(keep, list) or not all(isinstance(k, str) and k.strip() for k in keep):
        problems.append(f"{path}:{doc.line_of('keep')}: keep: expected a list of names")
        keep = []
    if problems:
        raise ContentError(problems)
    return Glossary(tuple(terms), tuple(keep))


def _is_term(raw: Any) -> bool:
    return (isinstance(raw, dict) and set(raw) <= {"en", "ko", "avoid"} and {"en", "ko"} <= set(raw)
            and all(isinstance(raw[k], str) and raw[k].strip() for k in ("en", "ko"))
            and isinstance(raw.get("avoid") or [], list)
            and all(isinstance(v, str) and v.strip() for v in raw.get("avoid") or []))


KOREAN_KEYS = ("ko", "correct")        # `correct`: an erratum's correction, written in Korean like the notes
EXEMPT_KEYS = ("notes_said", "accept")  # quotes of the notes; other spellings a typed answer may use


def korean_texts(doc: Any, path: str = "", line: int = 1) -> list[tuple[int, str, str]]:
    """Every Korean text of a loaded (line-aware) content document: (line, dotted path, text)."""
    found: list[tuple[int, str, str]] = []
    if isinstance(doc, dict):
        for key, value in doc.items():
            if key in EXEMPT_KEYS:
                continue
            here = f"{path}.{key}" if path else str(key)
            at = doc.line_of(key) if hasattr(doc, "line_of") else line
            if key in KOREAN_KEYS and isinstance(value, str):
                found.append((at, here, value))
            else:
                found += korean_texts(value, here, at)
    elif isinstance(doc, list):
        for i, value in enumerate(doc):
            at = doc.line_of(i) if hasattr(doc, "line_of") else line
            found += korean_texts(value, f"{path}[{i}]", at)
    return found


def variant_problems(glossary: Glossary, path: Path, doc: Any) -> list[str]:
    """`file:line: field: ...` for every avoided variant in the Korean text of one document."""
    return [f"{path}:{line}: {field}: '{variant}' is not the console's word for {term.en}; write '{term.ko}' (glossary)"
            for line, field, text in korean_texts(doc) for variant, term in glossary.variants_in(text)]


# --- English left in Korean text ---------------------------------------------------------

# A Latin-letter token with what sticks to it: a leading option dash, JSON path, @field or
# digits (--json, $.status, @message, 4xx) and inner punctuation (aws.ec2, set-alarm-state).
_LATIN_TOKEN = re.compile(r"(?:--?|\$\.?|@|\d+)?[A-Za-z][A-Za-z0-9]*(?:[-_./:@*+$'’][A-Za-z0-9*]+)*[*]?")
# A studycli command line shown to the learner (`studycli exam --resume`) is code, typed as it is.
_COMMAND = re.compile(r"\bstudycli(?:[ \t]+(?:--?)?[a-z][a-z0-9_-]*)*")
_QUOTED = re.compile(r"\"[^\"\n]*\"|“[^”\n]*”|`[^`\n]*`|'[A-Za-z][^'\n]*'")


def is_code(token: str) -> bool:
    """Code or a name by its shape: digits or punctuation in it (aws.ec2, EC2, --state, mem_used_percent),
    one letter (a key such as q, a variable such as M), all capitals (ALARM, SNS), or a capital
    inside (CloudWatch, PutMetricData, iOS)."""
    return (not token.isalpha() or len(token) == 1 or token.isupper() or any(c.isupper() for c in token[1:]))


def english_words(text: str, keep: Iterable[str]) -> list[str]:
    """The English common words in Korean `text`: Latin-letter words that are not part of a kept
    name (`keep`: AWS services, features, API values ...), not code by their shape (`is_code`),
    and not quoted (a value quoted as AWS writes it: "Config Rules Compliance Change")."""
    text = _COMMAND.sub(" ", _QUOTED.sub(" ", text))
    # Kept names with digits or punctuation first (EC2 Instance State-change Notification), then
    # code (so a kept word inside code, aws in aws.signin, is not cut out of it), then the rest.
    plain = [name for name in keep if re.fullmatch(r"[A-Za-z ]+", name)]
    text = _without(text, [name for name in keep if name not in plain])
    text = _LATIN_TOKEN.sub(lambda m: m.group(0) if m.group(0).isalpha() else " ", text)
    text = _without(text, plain)
    return [token for token in _LATIN_TOKEN.findall(text) if not is_code(token)]


def _without(text: str, names: Iterable[str]) -> str:
    for name in sorted(names, key=len, reverse=True):
        text = re.sub(r"(?<![A-Za-z0-9_])" + re.escape(name) + r"(?![A-Za-z0-9_])", " ", text)
    return text
