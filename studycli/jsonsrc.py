"""Read a JSON document that may hold millions of numbers: fast, compact, and still able to name lines.

An alarm spec can carry a million datapoints. `json.loads` would make a Python float and a
list slot for each (and a YAML loader a node as well); here an array made only of numbers
and nulls becomes a `Numbers` (an `array('d')`, 8 bytes a value, NaN for null), read a
chunk at a time, while mappings and other lists are `Located`/`LocatedList` as the YAML
loader makes them, so errors still name `file:line`. Duplicate keys are refused; NaN and
Infinity are not JSON.
"""

from __future__ import annotations

import json
import math
import re
from array import array
from typing import TYPE_CHECKING, Any

from studycli.errors import SpecError
from studycli.yamlsrc import Located, LocatedList

_WS = re.compile(r"[ \t\n\r]*")
# A chunk of a numeric array: only these characters, no sign but after an exponent, no dot without digits
# on both sides; float() then reads each item (a malformed one sends the array to the general reader,
# which names the error). Leading zeros (01) are read as numbers.
_FOREIGN = re.compile(r"[^0-9eE.+\-, \t\n\rnul]")
_LOOSE_PLUS = re.compile(r"(?<![eE])\+")
_DOT_WITHOUT_DIGITS_AFTER = re.compile(r"\.(?![0-9])")
_DOT_WITHOUT_DIGITS_BEFORE = (",.", " .", "-.", "\n.", "\t.", "\r.")
CHUNK = 1 << 20
MAX_DEPTH = 500


if TYPE_CHECKING:
    _FloatArray = array[float]
else:
    _FloatArray = array         # array is subscriptable at run time only from Python 3.12


class Numbers(_FloatArray):
    """An array of numbers read from JSON (NaN where the document had null), knowing where it starts."""

    line: int = 0
    text: str = ""
    start: int = 0

    def line_of(self, index: int) -> int:
        """The line of item `index` (found by counting commas, only when an error needs it)."""
        pos, seen = self.start + 1, 0
        while seen < index:
            pos = self.text.index(",", pos) + 1
            seen += 1
        return self.text.count("\n", 0, pos) + 1

    def item(self, index: int) -> float | None:
        value = self[index]
        return None if math.isnan(value) else value


def load_text(text: str, path: str = "<json>") -> Any:
    reader = _Reader(text, path)
    value = reader.value(0)
    reader.skip()
    if reader.pos < len(text):
        raise reader.error("Extra data", reader.pos)
    return value


class _Reader:
    def __init__(self, text: str, path: str):
        self.text, self.path, self.pos = text, path, 0
        self.decoder = json.JSONDecoder(parse_constant=self._constant)

    def _constant(self, name: str) -> Any:
        raise self.error(f"{name} is not a JSON value", self.pos)

    def line(self, pos: int) -> int:
        return self.text.count("\n", 0, pos) + 1

    def error(self, message: str, pos: int) -> SpecError:
        return SpecError(f"{self.path}:{self.line(pos)}: json: {message}")

    def skip(self) -> None:
        found = _WS.match(self.text, self.pos)
        self.pos = found.end() if found else self.pos

    def value(self, depth: int) -> Any:
        if depth > MAX_DEPTH:
            raise self.error("the document nests too deeply", self.pos)
        self.skip()
        if self.pos >= len(self.text):
            raise self.error("Expecting value", self.pos)
        ch = self.text[self.pos]
        if ch == "{":
            return self.mapping(depth)
        if ch == "[":
            return self.numbers() or self.sequence(depth)
        try:
            value, self.pos = self.decoder.raw_decode(self.text, self.pos)
        except json.JSONDecodeError as err:
            raise self.error(err.msg, err.pos) from None
        return value

    def mapping(self, depth: int) -> Located:
        result = Located()
        result.line, result.key_lines = self.line(self.pos), {}
        self.pos += 1
        self.skip()
        if self.text.startswith("}", self.pos):
            self.pos += 1
            return result
        while True:
            self.skip()
            if not self.text.startswith('"', self.pos):
                raise self.error("Expecting property name enclosed in double quotes", self.pos)
            key_pos = self.pos
            key = self.value(depth + 1)
            if key in result:
                raise self.error(f"duplicate key {key!r} (first on line {result.key_lines[key]})", key_pos)
            self.skip()
            if not self.text.startswith(":", self.pos):
                raise self.error("Expecting ':' delimiter", self.pos)
            self.pos += 1
            result.key_lines[key] = self.line(key_pos)
            result[key] = self.value(depth + 1)
            self.skip()
            if self.text.startswith(",", self.pos):
                self.pos += 1
                continue
            if self.text.startswith("}", self.pos):
                self.pos += 1
                return result
            raise self.error("Expecting ',' delimiter", self.pos)

    def sequence(self, depth: int) -> LocatedList:
        result = LocatedList()
        result.line, result.item_lines = self.line(self.pos), []
        self.pos += 1
        self.skip()
        if self.text.startswith("]", self.pos):
            self.pos += 1
            return result
        while True:
            self.skip()
            result.item_lines.append(self.line(self.pos))
            result.append(self.value(depth + 1))
            self.skip()
            if self.text.startswith(",", self.pos):
                self.pos += 1
                continue
            if self.text.startswith("]", self.pos):
                self.pos += 1
                return result
            raise self.error("Expecting ',' delimiter", self.pos)

    def numbers(self) -> Numbers | None:
        """The array at `pos` as Numbers when it holds only numbers and nulls (else None: read it generally)."""
        text, start = self.text, self.pos
        end = text.find("]", start)
        if end < 0 or not text[start + 1:end].strip():
            return None
        for special in '[{"tf':
            if text.find(special, start + 1, end) >= 0:
                return None
        result = Numbers("d")
        result.line, result.text, result.start = self.line(start), text, start
        pos = start + 1
        while pos < end:
            cut = end if end - pos <= CHUNK else text.find(",", pos + CHUNK, end)
            cut = end if cut < 0 else cut
            chunk = text[pos:cut]
            if _FOREIGN.search(chunk) or ("+" in chunk and _LOOSE_PLUS.search(chunk)) or \
                    _DOT_WITHOUT_DIGITS_AFTER.search(chunk) or chunk.lstrip().startswith(".") or \
                    any(pair in chunk for pair in _DOT_WITHOUT_DIGITS_BEFORE):
                return None
            try:
                result.extend(map(float, chunk.replace("null", "nan").split(",")))
            except ValueError:
                return None
            pos = cut + 1
        self.pos = end + 1
        return result
