"""Korean particles (조사) chosen for the word before them, as a Korean reader says that word.

A particle such as 은/는 or 으로/로 depends on how the preceding word ends when read aloud:
with a final consonant (받침) or not, and whether that consonant is ㄹ. For Hangul that is
the last syllable; for what Korean text keeps in Latin letters and digits it is how Koreans
read them: `ALARM` is 알람 (ALARM으로), `OK` is 오케이 (OK로), `S3` is 에스쓰리 (S3는),
`Route 53` is 라우트 오십삼 (Route 53은), `30` is 삼십 (30은), `SQL` is 에스큐엘 (SQL로).

The rules for English words are approximations that hold for the names this tool prints
(AWS services, APIs, states, metrics); a word they would misread goes in `_SAID`.

Pure: no I/O. `i18n.msg` uses it for catalogue placeholders written `{name:은}`, and any
code building Korean text from parts can call `attach`.
"""

from __future__ import annotations

import re

VOWEL, RIEUL, CONSONANT = "vowel", "rieul", "consonant"

# Each particle's two forms: after a final consonant, after a vowel. 으로/로 also takes 로 after ㄹ.
PAIRS: tuple[tuple[str, str], ...] = (
    ("은", "는"), ("이", "가"), ("을", "를"), ("과", "와"), ("으로", "로"), ("이나", "나"),
    ("이라", "라"), ("이라고", "라고"), ("이라는", "라는"), ("이란", "란"), ("으로서", "로서"),
    ("으로써", "로써"), ("이며", "며"), ("이고", "고"), ("이지", "지"), ("이든", "든"), ("아", "야"),
)
_BY_FORM = {form: pair for pair in PAIRS for form in pair}
_ROUND = ("으로", "으로서", "으로써")   # the 으로 family: ㄹ counts as no final consonant

# Latin letters as Korean reads them one by one (for acronyms such as SNS, ARN, SQL).
_LETTER = {**dict.fromkeys("ABCDEFGHIJKOPQSTUVWXYZ", VOWEL), "L": RIEUL, "R": RIEUL, "M": CONSONANT,
           "N": CONSONANT}
# Digits read in Sino-Korean (30일, 5분) and, inside a Latin name (EC2, IMDSv2), in English.
_SINO = {"0": CONSONANT, "1": RIEUL, "2": VOWEL, "3": CONSONANT, "4": VOWEL, "5": VOWEL, "6": CONSONANT,
         "7": RIEUL, "8": RIEUL, "9": VOWEL}
_ENGLISH_DIGIT = {"0": VOWEL, "1": CONSONANT, "2": VOWEL, "3": VOWEL, "4": VOWEL, "5": VOWEL, "6": VOWEL,
                  "7": CONSONANT, "8": CONSONANT, "9": CONSONANT}
# Words whose reading the rules below would get wrong (lower case).
_SAID = {
    "ok": VOWEL, "xor": VOWEL, "nor": VOWEL, "or": VOWEL, "not": CONSONANT, "zip": CONSONANT, "check": VOWEL,
    "type": CONSONANT, "out": CONSONANT, "about": CONSONANT, "group": CONSONANT, "json": CONSONANT,
    "yaml": RIEUL, "gzip": CONSONANT, "ssh": VOWEL, "http": VOWEL, "https": VOWEL, "get": CONSONANT,
    "put": CONSONANT, "set": CONSONANT, "list": VOWEL, "host": VOWEL, "post": VOWEL, "cli": VOWEL,
    "api": VOWEL, "aws": VOWEL, "iam": CONSONANT, "ec": VOWEL, "id": VOWEL, "ip": VOWEL, "data": VOWEL,
    "hub": VOWEL, "net": CONSONANT, "desc": VOWEL, "asc": VOWEL,
}
_CLOSING = ")]}\"'`”’»›*.,;:!?… "
_TRAILING_GROUP = re.compile(r"(.?)[(\[]([^()\[\]]*)[)\]]\s*$", re.DOTALL)


def final_sound(text: str) -> str:
    """How `text` ends when read aloud: VOWEL, RIEUL (ㄹ) or CONSONANT (any other final consonant)."""
    word = _spoken_end(text)
    if not word:
        return VOWEL
    last = word[-1]
    if "가" <= last <= "힣":
        final = (ord(last) - 0xAC00) % 28
        return VOWEL if final == 0 else RIEUL if final == 8 else CONSONANT
    if "ㄱ" <= last <= "ㅎ":          # a bare consonant letter (ㄱ, ㄴ ...): read as that consonant
        return RIEUL if last == "ㄹ" else CONSONANT
    if last.isdigit():
        return _digits(word)
    if last == "%":
        return VOWEL                  # 퍼센트
    if last.isascii() and last.isalpha():
        return _latin(word)
    return VOWEL


def choose(text: str, particle: str) -> str:
    """The form of `particle` (either form of a pair: 은 or 는, 으로 or 로) that fits after `text`."""
    pair = _BY_FORM.get(particle)
    if pair is None:
        return particle
    sound = final_sound(text)
    if pair[0] in _ROUND:
        return pair[1] if sound in (VOWEL, RIEUL) else pair[0]
    return pair[1] if sound == VOWEL else pair[0]


def choices(text: str, particle: str) -> set[str]:
    """Every form of `particle` a careful writer may use after `text`. Only a parenthesis at the
    end makes more than one: read as a note (API(EnableLogFileValidation)로, by API) or as a
    call (ALARM(DiskHigh)는, by its argument)."""
    pair = _BY_FORM.get(particle)
    if pair is None:
        return {particle}
    out = {choose(text, particle)}
    m = _TRAILING_GROUP.search(str(text).rstrip())
    if m is not None:
        inside = m.group(2).rstrip()
        outside = str(text).rstrip()[:m.start(2) - 1]
        for reading in (inside, outside):
            if reading.strip() and reading.rstrip(_CLOSING):
                out.add(choose(reading, particle))
    return out


def attach(text: str, particle: str) -> str:
    """`text` followed by the right form of `particle`, with no space between them."""
    return text.rstrip() + choose(text, particle)


def is_particle(form: str) -> bool:
    return form in _BY_FORM


# --- reading the end of a word ---------------------------------------------------------

def _spoken_end(text: str) -> str:
    """The part of `text` whose last sound a particle follows. A note in parentheses at the end is
    not read before the particle (지표 형식(EMF)은, SNS 주제(리전당 하나)와); a call is read to its
    last argument (OK(NetworkOutHigh)가), or by its name when that is only symbols (cron(0 0 * * ? *)으로)."""
    text = str(text).rstrip()
    for _ in range(8):
        m = _TRAILING_GROUP.search(text)
        if m is None:
            break
        before, inside = m.group(1), m.group(2)
        called = before and (before.isascii() and before.isalnum()) and not _has_hangul(inside)
        if called and inside.strip() and inside.rstrip()[-1:].isalnum():
            return inside.rstrip()
        text = text[:m.start(2) - 1].rstrip()
    return text.rstrip(_CLOSING) or text


def _has_hangul(text: str) -> bool:
    return any("가" <= c <= "힣" for c in text)


def _digits(word: str) -> str:
    """A number at the end of `word`: Sino-Korean on its own (30 → 삼십), English inside a name (EC2 → 투)."""
    m = re.search(r"([A-Za-z]?)([\d,]*\d)(\.\d+)?$", word)
    if m is None:
        return VOWEL
    before, digits, decimals = m.groups()
    if before and len(digits) == 1 and not decimals:
        return _ENGLISH_DIGIT[word[-1]]    # EC2, S3, IMDSv2 (p99, p90: 피구십구, 피구십)
    if decimals:
        return _SINO[decimals[-1]]     # 0.003: 영점영영삼
    digits = digits.replace(",", "")
    if digits.strip("0") and digits.endswith("0"):
        return CONSONANT               # 십, 백, 천, 만, 억: every power of ten ends in a consonant
    return _SINO[digits[-1]]


def _latin(word: str) -> str:
    """The last Latin word of `word` (the last part of a CamelCase, snake_case or dotted name)."""
    parts = re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[A-Z]", re.split(r"[^A-Za-z]+", word)[-1] or word)
    if not parts:
        return VOWEL
    last = parts[-1]
    lower = last.lower()
    if lower in _SAID:
        return _SAID[lower]
    token = re.split(r"\s+", word.strip())[-1]
    no_vowel = not any(c in "aeiouy" for c in lower)
    in_identifier = last.islower() and len(last) <= 4 and any(c.isdigit() for c in token)
    if (last.isupper() and len(last) <= 4) or no_vowel or in_identifier:
        return _LETTER[last[-1].upper()]   # read letter by letter: SNS, ARN, Vpc, png, i-0abc
    return _english(lower)


def _english(word: str) -> str:
    """The last sound of an English word as Korean writes it (a loanword spelling)."""
    vowels = "aeiou"
    if word.endswith("hub"):
        return VOWEL                   # 허브
    if word.endswith("ng") or word.endswith(("m", "n")):
        return CONSONANT               # 스트림, 패턴, 로깅
    if word.endswith("l") or word.endswith("le"):
        return RIEUL                   # 트레일, 테이블, 파일
    if word.endswith(("me", "ne")):
        return CONSONANT               # 타임, 라인
    if word.endswith(("c", "ck", "b", "pp")) or word.endswith("ook"):
        return CONSONANT               # 메트릭, 스택, 웹, 앱, 북
    if word.endswith(("t", "p")) and len(word) >= 2 and word[-2] in vowels:
        # 버킷, 타깃, 리밋, 맵, 스텝: a short vowel before t/p closes the syllable; 웨이트, 루프 do not
        return VOWEL if len(word) >= 3 and word[-3] in vowels and word[-3:-1] != "ou" else CONSONANT
    return VOWEL
