"""Events flattened into paths and leaf values, and whether one clause of a pattern holds for them."""

from __future__ import annotations

import json
from typing import Any

from studycli.errors import INVALID_EVENT, SpecError
from studycli.sims import json_input
from studycli.sims.eventbridge.patterns.matchers import Clause, FieldTest


def load_event_json(text: str) -> dict[str, Any]:
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

    __slots__ = ("values", "places", "in_arrays", "array_paths")

    def __init__(self) -> None:
        self.values: dict[str, list[Any]] = {}
        self.places: dict[str, list[Any]] = {}
        self.in_arrays = False
        self.array_paths: set[str] = set()      # paths with a leaf inside an array


def flatten_event(event: Any) -> FlatEvent:
    flat = FlatEvent()
    if isinstance(event, dict):
        try:
            _flatten_object(event, "", (), flat, [0])
        except RecursionError:
            raise SpecError("the event nests too deeply", kind=INVALID_EVENT) from None
    return flat


def _flatten_object(obj: dict[str, Any], prefix: str, place: tuple[Any, ...], flat: FlatEvent, counter: list[Any]) -> None:
    for key, value in obj.items():
        path = prefix + "." + key if prefix else key
        _flatten_value(value, path, place, flat, counter)


def _flatten_value(value: Any, path: str, place: tuple[Any, ...], flat: FlatEvent, counter: list[Any]) -> None:
    if isinstance(value, dict):
        _flatten_object(value, path, place, flat, counter)
    elif isinstance(value, list):
        counter[0] += 1
        array_id = counter[0]
        flat.in_arrays = True
        for index, item in enumerate(value):
            _flatten_value(item, path, place + ((array_id, index),), flat, counter)
    else:
        if place:
            flat.array_paths.add(path)
        values = flat.values.get(path)
        if values is None:
            flat.values[path] = [value]
            flat.places[path] = [place]
        else:
            values.append(value)
            flat.places[path].append(place)


def clause_matches(clause: Clause, flat: FlatEvent) -> bool:
    values_of, array_paths = flat.values, flat.array_paths
    in_arrays: list[FieldTest] = []
    for test in clause.tests:
        values = values_of.get(test.path)
        if not values:
            if test.absent_ok:
                continue
            return False
        if test.path in array_paths:
            if not test.absent_ok and not any(test.accepts(v) for v in values):
                return False
            in_arrays.append(test)
        elif not any(test.accepts(v) for v in values):
            return False
    # Fields read from arrays must be met from one element of each array ("array consistency"); fields
    # outside arrays agree with any choice, so only the former are searched.
    return not in_arrays or _choose(tuple(in_arrays), 0, {}, flat)


def _choose(tests: tuple[FieldTest, ...], i: int, fixed: dict[int, int], flat: FlatEvent) -> bool:
    """Can the tests from `i` on be met consistently with the array elements `fixed` so far?

    Tests go in the order of their paths, as AWS's matcher (event-ruler) walks them. A value test takes one
    accepted leaf that agrees with the elements chosen so far and fixes its own elements. `exists: false`
    holds when no leaf of its path agrees with the elements chosen so far, so inside an array of objects
    it is judged on the element the earlier fields matched in, not on the whole array.
    """
    if i == len(tests):
        return True
    test = tests[i]
    values = flat.values.get(test.path, ())
    places = flat.places.get(test.path, ())
    agreeing = [k for k, place in enumerate(places) if all(fixed.get(a, x) == x for a, x in place)]
    for k in agreeing:
        if test.accepts(values[k]):
            chosen = {**fixed, **dict(places[k])} if places[k] else fixed
            if _choose(tests, i + 1, chosen, flat):
                return True
    return test.absent_ok and not agreeing and _choose(tests, i + 1, fixed, flat)
