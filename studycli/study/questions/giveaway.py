"""Does a matching question give its pairs away by their words?

"The API recorded when a managed policy is attached to an IAM role → AttachRolePolicy" and
"read management events → DescribeInstances" are matched by reading, not by knowing: the
item shares a word with its own option (attach, role, policy), or the option's verb names
the item's category (Describe reads, Put writes). A pair gives itself away when its item and
its option share a word that no other option has and not every item has (a word in every
item, such as "alarm state", points nowhere). Checked in every language the content has.

Pure; no randomness.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# Words (Latin runs split at camel-case humps, digits, Hangul runs).
_TOKEN = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+|[가-힣]+")
# Words that say nothing about which option goes with which item.
_QUIET = frozenset({
    "the", "and", "for", "with", "from", "that", "this", "which", "what", "its", "their", "one", "each",
    "aws", "amazon", "api", "name", "when", "into", "onto", "your", "you", "are", "can", "not", "per",
    "또는", "있는", "하는", "되는", "같은", "대한",
})
# API names begin with a verb that says whether the call reads or writes.
_READ_VERBS = frozenset({"describe", "get", "list", "lookup", "search", "query", "scan", "filter", "select",
                         "head", "batch"})
_WRITE_VERBS = frozenset({"put", "create", "delete", "update", "attach", "detach", "modify", "start", "stop",
                          "run", "terminate", "remove", "add", "set", "enable", "disable", "tag", "untag",
                          "associate", "disassociate", "authorize", "revoke", "register", "deregister"})
_API_NAME = re.compile(r"^[A-Z][a-z]+(?:[A-Z][a-z0-9]*)+$")


def _stem(word: str) -> str:
    w = word.lower()
    if w.isascii():
        for suffix, repl in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
            if w.endswith(suffix) and len(w) - len(suffix) >= 3:
                return w[: len(w) - len(suffix)] + repl
    return w


def words(text: str) -> set[str]:
    """The telling words of `text`, stemmed; an API name adds whether it reads or writes."""
    out = {_stem(t) for t in _TOKEN.findall(text)}
    out = {w for w in out if w not in _QUIET and (len(w) >= 3 if w.isascii() else len(w) >= 2)}
    for name in text.split():
        if _API_NAME.match(name):
            verb = _TOKEN.findall(name)[0].lower()
            if verb in _READ_VERBS:
                out |= {"read", "읽기"}
            elif verb in _WRITE_VERBS:
                out |= {"write", "쓰기"}
    return out


def _same(a: str, b: str) -> bool:
    """One word, allowing for endings: "attach" and "attached", "서브넷" and "서브넷을"."""
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    return long_.startswith(short) and len(short) >= (4 if short.isascii() else 2)


def _shared(left: set[str], right: set[str]) -> set[str]:
    return {w for w in left if any(_same(w, r) for r in right)}


def gives_away(items: Sequence[str], options: Sequence[str]) -> list[int]:
    """The indexes of the pairs (item i goes with option i) that their words give away."""
    lefts = [words(i) for i in items]
    rights = [words(o) for o in options]
    found = []
    for i, (left, right) in enumerate(zip(lefts, rights)):
        telling = {w for w in _shared(left, right)
                   if not all(_shared({w}, r) for r in rights) and not all(_shared({w}, lf) for lf in lefts)}
        if telling:
            found.append(i)
    return found
