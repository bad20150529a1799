"""The functions a query can call outside stats: numeric, datetime, general, JSON, IP address, string and hashing.

As the pages "Boolean, comparison, numeric, datetime, and other functions" and "Hashing
functions" list them. A function given null (or a map or list where it wants text or a
number: "Maps and lists are treated as null for string, number, and datetime functions")
returns null, except those whose point is to look at null (ispresent, isempty, isblank,
coalesce, case, if). `now()` and the query* functions read the query's time window, which
the caller supplies (`QueryTime`).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import ipaddress
import json
import math
import urllib.parse
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from studycli.errors import INVALID_QUERY, SpecError
from studycli.sims.logs.query.values import (
    Moment,
    as_number,
    as_text,
    ceil_time,
    floor_time,
    is_structure,
    to_moment,
    truthy,
)
from studycli.sims.regex import Regex, RegexError

Impl = Callable[..., Any]


def _special(*values: Any) -> Any:
    """bin, now and the query* functions are compiled by `call` (they read a period or the query's time)."""
    raise AssertionError("compiled by call()")


@dataclass(frozen=True)
class QueryTime:
    """When the query runs and the window it searches (epoch milliseconds; None when not given)."""

    now: float | None = None
    start: float | None = None
    end: float | None = None


def _text(value: Any) -> str | None:
    return None if value is None or is_structure(value) else as_text(value)


def _number(value: Any) -> float | None:
    return None if is_structure(value) else as_number(value)


def _texts(fn: Callable[..., Any]) -> Impl:
    """A string function: null (or a structure) in any argument gives null."""
    def apply(*values: Any) -> Any:
        texts = [_text(v) for v in values]
        return None if any(t is None for t in texts) else fn(*texts)
    return apply


def _numbers(fn: Callable[..., Any]) -> Impl:
    def apply(*values: Any) -> Any:
        numbers = [_number(v) for v in values]
        if any(n is None for n in numbers):
            return None
        try:
            result = fn(*numbers)
        except (ValueError, OverflowError, ZeroDivisionError):
            return None
        return float(result) if isinstance(result, (int, float)) and math.isfinite(result) else None
    return apply


# --- string -------------------------------------------------------------------------------

def _trim(mode: str) -> Impl:
    def apply(text: Any, chars: Any = None) -> Any:
        value = _text(text)
        if value is None:
            return None
        strip = {"l": str.lstrip, "r": str.rstrip, "b": str.strip}[mode]
        return strip(value) if chars is None else strip(value, _text(chars) or "")
    return apply


def _substr(text: Any, start: Any, length: Any = None) -> Any:
    value, first = _text(text), _number(start)
    if value is None or first is None:
        return None
    begin = max(0, int(first))
    if length is None:
        return value[begin:]
    count = _number(length)
    return None if count is None else value[begin:begin + max(0, int(count))]


def compile_regex(body: str, column: int) -> Regex:
    # Insights uses (?<name>...) for named groups; RE2 takes that and (?P<name>...) alike.
    # Linear time: no regex and no log line can make a query hang.
    try:
        return Regex(body)
    except RegexError as err:
        raise SpecError(f"regular expression /{body}/ does not compile: {err}", column=column,
                        kind=INVALID_QUERY) from None


def _strcontains(text: Any, search: Any, insensitive: Any = False) -> Any:
    value, needle = _text(text), _text(search)
    if value is None or needle is None:
        return None
    if truthy(insensitive):
        return 1 if needle.lower() in value.lower() else 0
    return 1 if needle in value else 0


def _regex_replace(text: Any, pattern: Any, replacement: Any) -> Any:
    value, body, new = _text(text), _text(pattern), _text(replacement)
    if value is None or body is None or new is None:
        return None
    return compile_regex(body, 0).sub(new, value)


def _b64decode(text: str) -> str | None:
    try:
        return base64.b64decode(text, validate=True).decode("utf-8", "replace")
    except (binascii.Error, ValueError):
        return None


def _hex_to_ascii(text: str) -> str | None:
    try:
        return bytes.fromhex(text[2:] if text.lower().startswith("0x") else text).decode("ascii", "replace")
    except ValueError:
        return None


def _hex_to_dec(text: str) -> float | None:
    try:
        return float(int(text, 16))
    except ValueError:
        return None


def _dec_to_hex(number: float) -> str:
    whole = int(number)
    return f"-0x{-whole:x}" if whole < 0 else f"0x{whole:x}"


# --- numbers ------------------------------------------------------------------------------

def _round(value: Any, digits: Any = None) -> Any:
    number, places = _number(value), _number(digits) if digits is not None else 0.0
    if number is None or places is None:
        return None
    return float(round(number, int(places)))


def _haversine(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


def _to_int(bits: int) -> Impl:
    def apply(value: Any) -> Any:
        number = _number(value)
        if number is None:
            return None
        whole = int(number)
        limit = 1 << (bits - 1)
        return float(whole) if -limit <= whole < limit else None
    return apply


# --- time ---------------------------------------------------------------------------------

def _time(value: Any) -> Moment | None:
    moment = to_moment(value)
    if moment is not None:
        return moment
    if isinstance(value, str):
        from studycli.sims.logs.query.events import time_millis

        return time_millis(value)
    return None


def _bin_like(rounding: Callable[[float, float, str], Moment]) -> Impl:
    def apply(moment: Any, period: Any) -> Any:
        at = _time(moment)
        return None if at is None else rounding(at, period[1], period[2])
    return apply


def _from_millis(value: Any) -> Any:
    number = _number(value)
    return None if number is None else Moment(number)


def _to_millis(value: Any) -> Any:
    at = _time(value)
    return None if at is None else float(at)


_JAVA = (("yyyy", "%Y"), ("yy", "%y"), ("MMMM", "%B"), ("MMM", "%b"), ("MM", "%m"), ("dd", "%d"), ("HH", "%H"),
         ("hh", "%I"), ("mm", "%M"), ("ss", "%S"), ("SSS", "%f"), ("a", "%p"), ("EEE", "%a"), ("XXX", "%z"),
         ("Z", "%z"), ("'T'", "T"))


def _java_pattern(pattern: str) -> str:
    out, i = [], 0
    while i < len(pattern):
        for java, python in _JAVA:
            if pattern.startswith(java, i):
                out.append(python)
                i += len(java)
                break
        else:
            out.append(pattern[i].replace("%", "%%"))
            i += 1
    return "".join(out)


def _zone(name: Any) -> Any:
    if name is None:
        return UTC
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(str(name))
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _parse_date(text: Any, pattern: Any, zone: Any = None) -> Any:
    value, fmt, tz = _text(text), _text(pattern), _zone(zone)
    if value is None or fmt is None or tz is None:
        return None
    try:
        parsed = datetime.strptime(value, _java_pattern(fmt))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=tz)
    return float(parsed.timestamp() * 1000.0)


def _format_date(moment: Any, pattern: Any, zone: Any = None) -> Any:
    at, fmt, tz = _time(moment), _text(pattern), _zone(zone)
    if at is None or fmt is None or tz is None:
        return None
    return datetime.fromtimestamp(at / 1000.0, tz=UTC).astimezone(tz).strftime(fmt)


# --- general ------------------------------------------------------------------------------

def _coalesce(*values: Any) -> Any:
    return next((v for v in values if v is not None), None)


def _case(*values: Any) -> Any:
    pairs = len(values) // 2
    for i in range(pairs):
        if truthy(values[2 * i]):
            return values[2 * i + 1]
    return values[-1] if len(values) % 2 else None


def _is_numeric(value: Any) -> bool:
    return _number(value) is not None


def _message_size(value: Any) -> Any:
    text = _text(value)
    return None if text is None else float(len(text.encode("utf-8")))


# --- JSON ---------------------------------------------------------------------------------

def _json_parse(value: Any) -> Any:
    if is_structure(value):
        return value
    text = _text(value)
    if text is None:
        return None
    from studycli.sims import json_input

    try:
        parsed = json_input.loads(text)
    except ValueError:
        return None
    return parsed if isinstance(parsed, (dict, list)) else None


def _json_stringify(value: Any) -> Any:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False) if is_structure(value) else None


def _json_array(value: Any) -> list[Any] | None:
    found = _json_parse(value)
    return found if isinstance(found, list) else None


def _json_array_size(value: Any) -> Any:
    found = _json_array(value)
    return None if found is None else float(len(found))


def _json_array_contains(value: Any, item: Any) -> bool:
    found = _json_array(value)
    wanted = _text(item)
    return found is not None and wanted is not None and any(as_text(v) == wanted for v in found)


# --- IP addresses -------------------------------------------------------------------------

def _address(value: Any) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    text = _text(value)
    if text is None:
        return None
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _in_subnet(version: int | None) -> Impl:
    def apply(value: Any, subnet: Any) -> bool:
        address, block = _address(value), _text(subnet)
        if address is None or block is None or (version is not None and address.version != version):
            return False
        try:
            network = ipaddress.ip_network(block.strip(), strict=False)
        except ValueError:
            return False
        return address.version == network.version and address in network
    return apply


def _ip_check(test: Callable[[Any], bool], version: int | None = None) -> Impl:
    def apply(value: Any) -> bool:
        address = _address(value)
        return address is not None and (version is None or address.version == version) and test(address)
    return apply


def _ipv4_number(value: Any) -> Any:
    address = _address(value)
    return float(int(address)) if address is not None and address.version == 4 else None


# --- the table ----------------------------------------------------------------------------

MANY = 99
FUNCTIONS: dict[str, tuple[tuple[int, int], Impl]] = {
    # numeric
    "abs": ((1, 1), _numbers(abs)), "ceil": ((1, 1), _numbers(math.ceil)), "floor": ((1, 1), _numbers(math.floor)),
    "greatest": ((1, MANY), _numbers(max)), "least": ((1, MANY), _numbers(min)), "log": ((1, 1), _numbers(math.log)),
    "round": ((1, 2), _round), "sqrt": ((1, 1), _numbers(math.sqrt)), "haversine": ((4, 4), _numbers(_haversine)),
    "toNumber": ((1, 1), _numbers(float)), "toDouble": ((1, 1), _numbers(float)),
    "toInt": ((1, 1), _to_int(32)), "toLong": ((1, 1), _to_int(64)),
    # datetime
    "bin": ((1, 1), _special), "datefloor": ((2, 2), _bin_like(floor_time)), "dateceil": ((2, 2), _bin_like(ceil_time)),
    "fromMillis": ((1, 1), _from_millis), "toMillis": ((1, 1), _to_millis), "now": ((0, 0), _special),
    "parseDate": ((2, 3), _parse_date), "formatDate": ((2, 3), _format_date), "strftime": ((2, 3), _format_date),
    # general
    "ispresent": ((1, 1), lambda v: v is not None), "coalesce": ((1, MANY), _coalesce), "case": ((2, 21), _case),
    "if": ((3, 3), lambda c, a, b: a if truthy(c) else b), "isNumeric": ((1, 1), _is_numeric),
    "messageSize": ((1, 1), _message_size), "queryStartTime": ((0, 0), _special), "queryEndTime": ((0, 0), _special),
    "queryTimeRange": ((0, 0), _special),
    # JSON
    "jsonParse": ((1, 1), _json_parse), "jsonStringify": ((1, 1), _json_stringify),
    "jsonArraySize": ((1, 1), _json_array_size), "jsonArrayContains": ((2, 2), _json_array_contains),
    # IP addresses
    "isValidIp": ((1, 1), _ip_check(lambda a: True)), "isValidIpV4": ((1, 1), _ip_check(lambda a: True, 4)),
    "isValidIpV6": ((1, 1), _ip_check(lambda a: True, 6)), "isIpInSubnet": ((2, 2), _in_subnet(None)),
    "isIpv4InSubnet": ((2, 2), _in_subnet(4)), "isIpv6InSubnet": ((2, 2), _in_subnet(6)),
    "ipv4ToNumber": ((1, 1), _ipv4_number), "isPrivateIP": ((1, 1), _ip_check(lambda a: a.is_private)),
    "isPublicIP": ((1, 1), _ip_check(lambda a: a.is_global)),
    "isReservedIP": ((1, 1), _ip_check(lambda a: a.is_reserved or a.is_loopback or a.is_link_local
                                       or a.is_multicast or a.is_unspecified or a.is_private)),
    # strings
    "isempty": ((1, 1), lambda v: 1 if v is None or as_text(v) == "" else 0),
    "isblank": ((1, 1), lambda v: 1 if v is None or as_text(v).strip() == "" else 0),
    "concat": ((1, MANY), _texts(lambda *t: "".join(t))), "ltrim": ((1, 2), _trim("l")), "rtrim": ((1, 2), _trim("r")),
    "trim": ((1, 2), _trim("b")), "strlen": ((1, 1), _texts(lambda t: float(len(t)))),
    "toupper": ((1, 1), _texts(str.upper)), "tolower": ((1, 1), _texts(str.lower)), "substr": ((2, 3), _substr),
    "replace": ((3, 3), _texts(lambda t, old, new: t.replace(old, new) if old else t)),
    "regexReplace": ((3, 3), _regex_replace), "strcontains": ((2, 3), _strcontains),
    "startsWith": ((2, 2), _texts(lambda t, s: 1 if t.startswith(s) else 0)),
    "endsWith": ((2, 2), _texts(lambda t, s: 1 if t.endswith(s) else 0)),
    "urlencode": ((1, 1), _texts(lambda t: urllib.parse.quote(t, safe=""))),
    "urldecode": ((1, 1), _texts(urllib.parse.unquote)),
    "base64encode": ((1, 1), _texts(lambda t: base64.b64encode(t.encode("utf-8")).decode("ascii"))),
    "base64decode": ((1, 1), _texts(_b64decode)), "split": ((2, 2), _texts(lambda t, d: t.split(d) if d else [t])),
    "hexToAscii": ((1, 1), _texts(_hex_to_ascii)), "hexToDec": ((1, 1), _texts(_hex_to_dec)),
    "decToHex": ((1, 1), lambda v: None if (n := _number(v)) is None else _dec_to_hex(n)),
    # hashing
    "md5": ((1, 1), _texts(lambda t: hashlib.md5(t.encode("utf-8"), usedforsecurity=False).hexdigest())),
    "sha256": ((1, 1), _texts(lambda t: hashlib.sha256(t.encode("utf-8")).hexdigest())),
}
PERIOD_ARGS = {"bin": (0,), "datefloor": (1,), "dateceil": (1,), "rate": (1,)}


def call(name: str, args: Sequence[Any], column: int, time: QueryTime | None = None) -> Callable[[Any], Any]:
    """The compiled call: argument expressions are evaluated per row; periods are constants."""
    clock = time or QueryTime()
    if name == "bin":
        period = args[0]
        return lambda row: _bin_like(floor_time)(row["@timestamp"], period)
    if name in ("now", "queryStartTime", "queryEndTime", "queryTimeRange"):
        value = _clock_value(name, clock, column)
        return lambda row: value
    impl = FUNCTIONS[name][1]
    getters = [(lambda row, c=a: c) if isinstance(a, tuple) else a for a in args]   # a period is a constant
    if len(getters) == 1:
        only = getters[0]
        return lambda row: impl(only(row))
    if len(getters) == 2:
        first, second = getters
        return lambda row: impl(first(row), second(row))
    return lambda row: impl(*(g(row) for g in getters))


def _clock_value(name: str, clock: QueryTime, column: int) -> Any:
    if name == "now":
        return None if clock.now is None else float(int(clock.now // 1000))   # epoch seconds
    if name == "queryStartTime":
        return clock.start
    if name == "queryEndTime":
        return clock.end if clock.end is not None else clock.now
    end = clock.end if clock.end is not None else clock.now
    return None if clock.start is None or end is None else end - clock.start

