"""Events flattened into paths and leaf values, and whether one clause of a pattern holds for them."""

from __future__ import annotations

import json
from typing import Any

from studycli.errors import INVALID_EVENT, SpecError
from studycli.sims import json_input
from studycli.sims.eventbridge.patterns.matchers import Clause


def load_event_json(text: str) -> dict:
    """An event given as JSON text: it must be one JSON object, nesting no deeper than PutEvents reads."""
    try:
        event = json_input.loads(text)
    except json_input.TooDeep as err:
        raise SpecError(f"the event nests more than {err.limit} levels deep; PutEvents only processes nested "
                        f"JSON up to {err.limit} levels", kind=INVALID_EVENT) from None
    except json_input.NonStandard as err:
        raise SpecError(f"the event is not valid JSON: {err}", kind=INVALID_EVENT) from None
    except json.JSONDecodeError as err:
        raise SpecError(f"the event is not valid JSON: {err.msg} at line {err.lineno} column {err.colno}",
                        kind=INVALID_EVENT) from None
    except RecursionError:
        raise SpecError("the event nests too deeply", kind=INVALID_EVENT) from None
    if not isinstance(event, dict):
        raise SpecError("the event must be a JSON object such as {\"source\": \"aws.ec2\", ...}", kind=INVALID_EVENT)
    return event


class FlatEvent:
    """An event as `path -> [leaf values]`, with each leaf's place in the arrays it came from."""

    __slots__ = ("values", "places", "in_arrays")

    def __init__(self) -> None:
        self.values: dict[str, list] = {}
        self.places: dict[str, list] = {}
        self.in_arrays = False


def flatten_event(event: Any) -> FlatEvent:
    flat = FlatEvent()
    if isinstance(event, dict):
        try:
            _flatten_object(event, "", (), flat, [0])
        except RecursionError:
            raise SpecError("the event nests too deeply", kind=INVALID_EVENT) from None
    return flat


def _flatten_object(obj: dict, prefix: str, place: tuple, flat: FlatEvent, counter: list) -> None:
    for key, value in obj.items():
        path = prefix + "." + key if prefix else key
        _flatten_value(value, path, place, flat, counter)


def _flatten_value(value: Any, path: str, place: tuple, flat: FlatEvent, counter: list) -> None:
    if isinstance(value, dict):
        _flatten_object(value, path, place, flat, counter)
    elif isinstance(value, list):
        counter[0] += 1
        array_id = counter[0]
        flat.in_arrays = True
        for index, item in enumerate(value):
            _flatten_value(item, path, place + ((array_id, index),), flat, counter)
    else:
        values = flat.values.get(path)
        if values is None:
            flat.values[path] = [value]
            flat.places[path] = [place]
        else:
            values.append(value)
            flat.places[path].append(place)


def clause_matches(clause: Clause, flat: FlatEvent) -> bool:
    values_of = flat.values
    chosen: list[list[tuple]] = []
    for test in clause.tests:
        values = values_of.get(test.path)
        if not values:
            if test.absent_ok:
                continue
            return False
        if not flat.in_arrays:
            if not any(test.accepts(v) for v in values):
                return False
            continue
        places = flat.places[test.path]
        hits = [places[i] for i, v in enumerate(values) if test.accepts(v)]
        if not hits:
            return False
        chosen.append(hits)
    return not flat.in_arrays or _consistent(chosen, {})


def _consistent(choices: list[list[tuple]], fixed: dict) -> bool:
    """Can one leaf per field be picked so that fields from one array share an element?"""
    if not choices:
        return True
    first, rest = choices[0], choices[1:]
    for place in first:
        if all(fixed.get(array_id, index) == index for array_id, index in place):
            if _consistent(rest, {**fixed, **dict(place)}):
                return True
    return False
