"""An event pattern and five events: which two match? (Choose two.)

Each event is the pattern's own example changed in one way. The engine decides whether it
matches; the change's note says which reading of the pattern it tests: matching is exact and
case-sensitive, a prefix counts from the start, numeric matching needs a JSON number, an
array in the event matches when any element does, extra fields do not matter.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from studycli.i18n import Msg
from studycli.study.sim_questions import SimOption, SimQuestion, Unlucky

KIND = "eventbridge"
TOPIC = "eventbridge"
SOURCE_LINES = (146, 147, 148)
MATCHING, NOT_MATCHING = 2, 3
CHOOSE = MATCHING      # a multiple-response question: choose the events that match


@dataclass(frozen=True)
class Variant:
    name: str                                   # simq.events.variant.<name> says what it tests
    field: str                                  # the field it is about (a/b/c), shown in the explanation
    change: Callable[[dict[str, Any], dict[str, Any]], None]   # changes a copy of the example (given the draw)
    matches: bool                               # what AWS does with it (checked against the engine)


@dataclass(frozen=True)
class Template:
    draw: Callable[[random.Random], dict[str, Any]]           # the values of this question
    pattern: Callable[[dict[str, Any]], dict[str, Any]]
    example: Callable[[dict[str, Any]], dict[str, Any]]
    variants: tuple[Variant, ...]


def _at(event: dict[str, Any], path: str) -> tuple[dict[str, Any], str]:
    *parents, leaf = path.split("/")
    node = event
    for part in parents:
        node = node.setdefault(part, {})
    return node, leaf


def _set(path: str, value: Callable[[dict[str, Any]], Any]) -> Callable[[dict[str, Any], dict[str, Any]], None]:
    def change(event: dict[str, Any], draw: dict[str, Any]) -> None:
        node, leaf = _at(event, path)
        node[leaf] = value(draw)
    return change


def _drop(path: str) -> Callable[[dict[str, Any], dict[str, Any]], None]:
    def change(event: dict[str, Any], draw: dict[str, Any]) -> None:
        node, leaf = _at(event, path)
        node.pop(leaf, None)
    return change


def _same(event: dict[str, Any], draw: dict[str, Any]) -> None:
    return None


def _ec2_draw(rng: random.Random) -> dict[str, Any]:
    states = rng.sample(["stopped", "terminated", "running", "pending", "stopping"], 2)
    return {"states": states, "instance": f"i-0{rng.randrange(16**7):07x}", "az": rng.choice("abcd")}


def _s3_draw(rng: random.Random) -> dict[str, Any]:
    prefix = rng.choice(["uploads/", "incoming/", "raw/", "invoices/"])
    return {"bucket": rng.choice(["reports", "billing", "media", "audit"]), "prefix": prefix,
            "file": f"{rng.choice(['sales', 'jan', 'batch', 'img'])}-{rng.randint(1, 99)}.csv",
            "size": rng.randint(1, 900) * 1024}


def _orders_draw(rng: random.Random) -> dict[str, Any]:
    bound = rng.choice([50, 100, 200, 500])
    return {"bound": bound, "amount": bound + rng.randint(1, 400), "order": f"A-{rng.randint(10, 999)}"}


def _deploy_draw(rng: random.Random) -> dict[str, Any]:
    env = rng.choice(["prod", "live", "main"])
    return {"env": env, "others": rng.sample(["dev", "staging", "test", "qa"], 2), "app": rng.choice(["web", "api", "batch"]),
            "version": f"1.{rng.randint(0, 9)}.{rng.randint(0, 20)}"}


TEMPLATES = (
    Template(
        _ec2_draw,
        lambda d: {"source": ["aws.ec2"], "detail-type": ["EC2 Instance State-change Notification"],
                   "detail": {"state": list(d["states"])}},
        lambda d: {"source": "aws.ec2", "detail-type": "EC2 Instance State-change Notification",
                   "detail": {"instance-id": d["instance"], "state": d["states"][0]}},
        (Variant("exact_value", "detail/state", _same, True),
         Variant("other_listed_value", "detail/state", _set("detail/state", lambda d: d["states"][1]), True),
         Variant("extra_field", "detail/availability-zone",
                 _set("detail/availability-zone", lambda d: f"ap-northeast-2{d['az']}"), True),
         Variant("case_differs", "detail/state", _set("detail/state", lambda d: d["states"][0].capitalize()), False),
         Variant("partial_value", "detail/state", _set("detail/state", lambda d: d["states"][0][:-1]), False),
         Variant("other_source", "source", _set("source", lambda d: "aws.autoscaling"), False),
         Variant("field_missing", "detail/state", _drop("detail/state"), False))),
    Template(
        _s3_draw,
        lambda d: {"source": ["aws.s3"], "detail-type": ["Object Created"],
                   "detail": {"bucket": {"name": [d["bucket"]]}, "object": {"key": [{"prefix": d["prefix"]}]}}},
        lambda d: {"source": "aws.s3", "detail-type": "Object Created",
                   "detail": {"bucket": {"name": d["bucket"]}, "object": {"key": d["prefix"] + d["file"],
                                                                         "size": d["size"]}}},
        (Variant("exact_value", "detail/object/key", _same, True),
         Variant("prefix_longer", "detail/object/key",
                 _set("detail/object/key", lambda d: f"{d['prefix']}2026/{d['file']}"), True),
         Variant("extra_field", "detail/requester", _set("detail/requester", lambda d: "123456789012"), True),
         Variant("prefix_case", "detail/object/key",
                 _set("detail/object/key", lambda d: d["prefix"].capitalize() + d["file"]), False),
         Variant("prefix_not_at_start", "detail/object/key",
                 _set("detail/object/key", lambda d: "tmp/" + d["prefix"] + d["file"]), False),
         Variant("bucket_name_longer", "detail/bucket/name",
                 _set("detail/bucket/name", lambda d: d["bucket"] + "-archive"), False),
         Variant("other_detail_type", "detail-type", _set("detail-type", lambda d: "Object Deleted"), False))),
    Template(
        _orders_draw,
        lambda d: {"source": ["custom.orders"], "detail": {"amount": [{"numeric": [">=", d["bound"]]}]}},
        lambda d: {"source": "custom.orders", "detail-type": "Order Placed",
                   "detail": {"order-id": d["order"], "amount": d["amount"]}},
        (Variant("exact_value", "detail/amount", _same, True),
         Variant("numeric_boundary", "detail/amount", _set("detail/amount", lambda d: d["bound"]), True),
         Variant("numeric_decimal", "detail/amount", _set("detail/amount", lambda d: d["bound"] + 0.5), True),
         Variant("numeric_as_string", "detail/amount", _set("detail/amount", lambda d: str(d["amount"])), False),
         Variant("numeric_below", "detail/amount", _set("detail/amount", lambda d: d["bound"] - 0.01), False),
         Variant("field_missing", "detail/amount", _drop("detail/amount"), False),
         Variant("other_source", "source", _set("source", lambda d: "custom.payments"), False))),
    Template(
        _deploy_draw,
        lambda d: {"source": ["custom.deploy"], "detail": {"environment": [d["env"]]}},
        lambda d: {"source": "custom.deploy", "detail-type": "Deployment",
                   "detail": {"environment": d["env"], "app": d["app"]}},
        (Variant("exact_value", "detail/environment", _same, True),
         Variant("array_contains", "detail/environment",
                 _set("detail/environment", lambda d: [d["others"][0], d["env"]]), True),
         Variant("extra_field", "detail/version", _set("detail/version", lambda d: d["version"]), True),
         Variant("array_without", "detail/environment", _set("detail/environment", lambda d: list(d["others"])), False),
         Variant("case_differs", "detail/environment", _set("detail/environment", lambda d: d["env"].upper()), False),
         Variant("partial_value", "detail/environment", _set("detail/environment", lambda d: d["env"] + "uction"),
                 False),
         Variant("field_missing", "detail/environment", _drop("detail/environment"), False))),
)


def _matches(pattern: dict[str, Any], event: dict[str, Any]) -> bool:
    from studycli.sims.eventbridge.event_pattern import matches

    return matches(pattern, event)


def replay(input: dict[str, Any]) -> tuple[int, ...]:
    """The positions of the events the pattern matches."""
    return tuple(i for i, event in enumerate(input["events"]) if _matches(input["pattern"], event))


def event_of(template: Template, variant: Variant, draw: dict[str, Any]) -> dict[str, Any]:
    event = template.example(draw)
    variant.change(event, draw)
    return event


def _value_at(event: dict[str, Any], path: str) -> str:
    node: Any = event
    for part in path.split("/"):
        if not isinstance(node, dict) or part not in node:
            return "—"
        node = node[part]
    return json.dumps(node, ensure_ascii=False)


def generate(rng: random.Random) -> SimQuestion:
    template = rng.choice(TEMPLATES)
    draw = template.draw(rng)
    pattern = template.pattern(draw)
    chosen = (rng.sample([v for v in template.variants if v.matches], MATCHING)
              + rng.sample([v for v in template.variants if not v.matches], NOT_MATCHING))
    order = list(range(len(chosen)))
    rng.shuffle(order)
    placed = [chosen[i] for i in order]
    events, options = [], []
    for n, variant in enumerate(placed, start=1):
        event = event_of(template, variant, draw)
        if _matches(pattern, event) != variant.matches:
            raise Unlucky  # a variant whose note would contradict the engine is never shown
        events.append(event)
        field = variant.field.replace("/", ".")
        options.append(SimOption(Msg("simq.events.label", {"n": n}),
                                 Msg(f"simq.events.variant.{variant.name}",
                                     {"n": n, "field": field, "value": _value_at(event, variant.field)}),
                                 variant.matches))
    key = tuple(i for i, v in enumerate(placed) if v.matches)
    data: tuple[Msg | str, ...] = (Msg("simq.events.pattern_header"), _compact(pattern),
            *(f"{i + 1}. {_compact(e)}" for i, e in enumerate(events)))
    return SimQuestion("eventbridge-which-match", KIND, TOPIC, SOURCE_LINES, Msg("simq.events.context"), data,
                       Msg("simq.events.question"), tuple(options), key,
                       {"pattern": pattern, "events": events}, key, choose=MATCHING)


def _compact(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, separators=(", ", ": "))
