"""Composite alarms: AWS's AlarmRule language, parsed and evaluated over child alarm states.

Grammar (CloudWatch User Guide, "Create a composite alarm"; PutCompositeAlarm):

    rule     := or_expr
    or_expr  := and_expr ("OR" and_expr)*
    and_expr := not_expr ("AND" not_expr)*
    not_expr := "NOT" not_expr | primary
    primary  := "TRUE" | "FALSE" | "(" rule ")"
              | ("ALARM" | "OK" | "INSUFFICIENT_DATA") "(" name ")"
    name     := "quoted name" | unquoted name (up to the closing parenthesis) | alarm ARN

AWS does not spell out precedence; this uses the usual Boolean one (NOT binds tighter
than AND, AND tighter than OR), which is what the AWS examples rely on when they add
parentheses around an OR inside an AND. Keywords are upper case. Limits from the API:
a rule is 1-10240 characters, names at most 100 distinct child alarms and has at most
500 elements (child alarms, TRUE/FALSE, a pair of parentheses counting as one).

The composite is in ALARM when the rule is TRUE and in OK when it is FALSE. Errors
are SpecErrors (kind "InvalidAlarmRule") carrying the 0-based `position` they point at.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Union

from studycli.errors import INVALID_ALARM_RULE, INVALID_PARAMETER_VALUE, SpecError
from studycli.i18n import Msg
from studycli.sims.text import joined

STATES = ("OK", "ALARM", "INSUFFICIENT_DATA")
FUNCTIONS = STATES
MAX_RULE_LENGTH = 10240
MAX_CHILD_ALARMS = 100
MAX_ELEMENTS = 500
KEYWORDS = ("AND", "OR", "NOT", "TRUE", "FALSE") + FUNCTIONS


# --- syntax tree -------------------------------------------------------------------

@dataclass(frozen=True)
class StateIs:
    function: str       # ALARM | OK | INSUFFICIENT_DATA
    name: str           # as written (a name or an ARN)
    position: int

    @property
    def alarm(self) -> str:
        """The alarm's name: ARNs `arn:aws:cloudwatch:<region>:<account>:alarm:<name>` refer by name."""
        return alarm_name(self.name)


def alarm_name(name_or_arn: str) -> str:
    """A child alarm named by name or by ARN (`arn:<partition>:cloudwatch:<region>:<account>:alarm:<name>`), as
    PutCompositeAlarm's AlarmRule accepts either: the alarm's name."""
    if name_or_arn.startswith("arn:") and ":alarm:" in name_or_arn:
        return name_or_arn.split(":alarm:", 1)[1]
    return name_or_arn


@dataclass(frozen=True)
class Constant:
    value: bool


@dataclass(frozen=True)
class Not:
    operand: Node


@dataclass(frozen=True)
class And:
    operands: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    operands: tuple[Node, ...]


Node = Union[StateIs, Constant, Not, And, Or]


@dataclass(frozen=True)
class Rule:
    text: str
    tree: Node
    alarms: tuple[str, ...]     # distinct child alarm names, in order of appearance
    elements: int


# --- tokenizer ---------------------------------------------------------------------

@dataclass(frozen=True)
class Token:
    kind: str       # WORD | LPAREN | RPAREN | NAME | END
    text: str
    position: int


def _tokens(rule: str) -> list[Token]:
    """Split the rule; a name inside FUNCTION( ... ) is read whole (it may contain spaces or colons)."""
    out: list[Token] = []
    i, n = 0, len(rule)
    while i < n:
        ch = rule[i]
        if ch.isspace():
            i += 1
        elif ch == "(":
            out.append(Token("LPAREN", ch, i))
            i += 1
            if len(out) >= 2 and out[-2].kind == "WORD" and out[-2].text in FUNCTIONS:
                i = _read_name(rule, i, out)
        elif ch == ")":
            out.append(Token("RPAREN", ch, i))
            i += 1
        elif ch == '"':
            raise SpecError("a quoted name is only allowed inside ALARM(...), OK(...) or INSUFFICIENT_DATA(...)",
                            position=i, subject=rule, kind=INVALID_ALARM_RULE)
        elif ch.isalpha() or ch == "_":
            start = i
            while i < n and (rule[i].isalnum() or rule[i] == "_"):
                i += 1
            out.append(Token("WORD", rule[start:i], start))
        else:
            raise SpecError(f"unexpected character {ch!r}", position=i, subject=rule, kind=INVALID_ALARM_RULE)
    out.append(Token("END", "", n))
    return out


def _read_name(rule: str, i: int, out: list[Token]) -> int:
    n = len(rule)
    while i < n and rule[i].isspace():
        i += 1
    if i < n and rule[i] == '"':
        end = rule.find('"', i + 1)
        if end < 0:
            raise SpecError("unterminated quoted alarm name (missing closing \")", position=i, subject=rule,
                            kind=INVALID_ALARM_RULE)
        name = rule[i + 1:end]
        if not name:
            raise SpecError("empty alarm name", position=i, subject=rule, kind=INVALID_ALARM_RULE)
        out.append(Token("NAME", name, i))
        return end + 1
    start = i
    while i < n and rule[i] not in '()"':
        i += 1
    name = rule[start:i].strip()
    if not name:
        raise SpecError("expected an alarm name", position=start, subject=rule, kind=INVALID_ALARM_RULE)
    if i < n and rule[i] in '("':
        raise SpecError(f"unexpected {rule[i]!r} in an unquoted alarm name (quote the name)", position=i, subject=rule,
                        kind=INVALID_ALARM_RULE)
    out.append(Token("NAME", name, start))
    return i


# --- parser ------------------------------------------------------------------------

class _Parser:
    def __init__(self, rule: str):
        self.rule = rule
        self.tokens = _tokens(rule)
        self.i = 0
        self.elements = 0
        self.element_positions: list[int] = []
        self.names: list[str] = []
        self.depth = 0

    def peek(self) -> Token:
        return self.tokens[self.i]

    def take(self) -> Token:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def error(self, message: str, tok: Token | None = None) -> SpecError:
        tok = tok or self.peek()
        return SpecError(message, position=tok.position, subject=self.rule, kind=INVALID_ALARM_RULE)

    def word(self, tok: Token) -> str | None:
        if tok.kind != "WORD":
            return None
        if tok.text not in KEYWORDS and tok.text.upper() in KEYWORDS:
            raise self.error(f"{tok.text!r} must be written in upper case ({tok.text.upper()})", tok)
        return tok.text

    def count_element(self, tok: Token) -> None:
        self.elements += 1
        if len(self.element_positions) <= MAX_ELEMENTS:
            self.element_positions.append(tok.position)

    def parse(self) -> Node:
        node = self.or_expr()
        tok = self.peek()
        if tok.kind != "END":
            if tok.kind == "RPAREN":
                raise self.error("unmatched ')'", tok)
            raise self.error(f"expected AND, OR or the end of the rule, found {tok.text!r}", tok)
        return node

    def or_expr(self) -> Node:
        parts = [self.and_expr()]
        while self.word(self.peek()) == "OR":
            self.take()
            parts.append(self.and_expr())
        return parts[0] if len(parts) == 1 else Or(tuple(parts))

    def and_expr(self) -> Node:
        parts = [self.not_expr()]
        while self.word(self.peek()) == "AND":
            self.take()
            parts.append(self.not_expr())
        return parts[0] if len(parts) == 1 else And(tuple(parts))

    def not_expr(self) -> Node:
        if self.word(self.peek()) == "NOT":
            self.take()
            return Not(self.not_expr())
        return self.primary()

    def primary(self) -> Node:
        tok = self.take()
        if tok.kind == "END":
            raise self.error("the rule ends where an alarm function, TRUE, FALSE, NOT or '(' was expected", tok)
        if tok.kind == "LPAREN":
            self.count_element(tok)
            # Each pair of parentheses is an element: nesting past the element limit is refused where
            # it happens, before the parse goes deeper (a 10,240-character rule can nest 5,000 deep).
            self.depth += 1
            if self.depth > MAX_ELEMENTS:
                raise self.error(f"the rule has more than {MAX_ELEMENTS} elements (parentheses nested "
                                 f"{self.depth} deep count one each); AWS allows at most {MAX_ELEMENTS}", tok)
            node = self.or_expr()
            self.depth -= 1
            close = self.take()
            if close.kind != "RPAREN":
                raise self.error("expected ')' to close the '(' opened at position "
                                 f"{tok.position}" + (f", found {close.text!r}" if close.text else ""), close)
            return node
        if tok.kind == "RPAREN":
            raise self.error("unexpected ')' where an alarm function, TRUE, FALSE, NOT or '(' was expected", tok)
        word = self.word(tok)
        if word in ("TRUE", "FALSE"):
            self.count_element(tok)
            return Constant(word == "TRUE")
        if word in FUNCTIONS:
            if self.peek().kind != "LPAREN":
                raise self.error(f"expected '(' after {word}")
            self.take()
            name = self.take()
            if name.kind != "NAME":
                raise self.error(f"expected an alarm name in {word}(...)", name)
            close = self.take()
            if close.kind != "RPAREN":
                raise self.error(f"expected ')' after the alarm name in {word}(...)", close)
            self.count_element(tok)
            node = StateIs(word, name.text, tok.position)
            if node.alarm not in self.names:
                self.names.append(node.alarm)
            return node
        if word in ("AND", "OR"):
            raise self.error(f"{word} needs an expression on its left", tok)
        raise self.error(f"unknown word {tok.text!r} (expected ALARM(...), OK(...), INSUFFICIENT_DATA(...), "
                         f"TRUE, FALSE, NOT or '(')", tok)


def parse_rule(text: str) -> Rule:
    """Parse an AlarmRule, enforcing AWS's limits; raise SpecError (InvalidAlarmRule) pointing at the problem."""
    if not isinstance(text, str) or not text.strip():
        raise SpecError("the rule is empty; it needs at least one alarm function, TRUE or FALSE", position=0,
                        subject="", kind=INVALID_ALARM_RULE)
    if len(text) > MAX_RULE_LENGTH:
        raise SpecError(f"the rule is {len(text)} characters long; AWS allows at most {MAX_RULE_LENGTH}",
                        position=MAX_RULE_LENGTH, subject="", kind=INVALID_ALARM_RULE)
    parser = _Parser(text)
    tree = parser.parse()
    if len(parser.names) > MAX_CHILD_ALARMS:
        raise SpecError(f"the rule names {len(parser.names)} alarms; a composite alarm can watch at most "
                        f"{MAX_CHILD_ALARMS}", position=_position_of_child(tree, parser.names[MAX_CHILD_ALARMS]), subject=text, kind=INVALID_ALARM_RULE)
    if parser.elements > MAX_ELEMENTS:
        raise SpecError(f"the rule has {parser.elements} elements; AWS allows at most {MAX_ELEMENTS}",
                        position=parser.element_positions[MAX_ELEMENTS], subject=text, kind=INVALID_ALARM_RULE)
    return Rule(text, tree, tuple(parser.names), parser.elements)


def _position_of_child(node: Node, alarm: str) -> int:
    for leaf in _leaves(node):
        if leaf.alarm == alarm:
            return leaf.position
    return 0


def _leaves(node: Node) -> Iterator[StateIs]:
    if isinstance(node, StateIs):
        yield node
    elif isinstance(node, Not):
        yield from _leaves(node.operand)
    elif isinstance(node, (And, Or)):
        for op in node.operands:
            yield from _leaves(op)


# --- evaluation --------------------------------------------------------------------

@dataclass(frozen=True)
class Outcome:
    state: str                      # ALARM when the rule is TRUE, else OK
    value: bool
    explanation: Msg                # the verdict, then one clause per alarm function
    trace: tuple[Msg, ...]          # one message per alarm function, in rule order


def evaluate(rule: Rule, states: Mapping[str, str]) -> Outcome:
    """Evaluate the rule over child alarm states (keyed by name or ARN); every named alarm must have a state."""
    states = {alarm_name(key): value for key, value in states.items()}
    for name in rule.alarms:
        if name not in states:
            leaf_pos = _position_of_child(rule.tree, name)
            raise SpecError(f"no state given for alarm {name!r} (give it with --state {name}=OK|ALARM|"
                            f"INSUFFICIENT_DATA)", position=leaf_pos, subject=rule.text, kind=INVALID_ALARM_RULE)
        if states[name] not in STATES:
            raise SpecError(f"state of {name!r}: {states[name]!r} is not one of {', '.join(STATES)}",
                            kind=INVALID_PARAMETER_VALUE)
    trace: list[Msg] = []
    value = _eval(rule.tree, states, trace)
    state = "ALARM" if value else "OK"
    explanation = Msg("sim.composite.outcome", {"rule": render(rule.tree), "verdict": "TRUE" if value else "FALSE",
                                                "state": state, "trace": joined(trace, "sim.join.semicolon")})
    return Outcome(state, value, explanation, tuple(trace))


def _eval(node: Node, states: Mapping[str, str], trace: list[Msg]) -> bool:
    if isinstance(node, Constant):
        return node.value
    if isinstance(node, StateIs):
        actual = states[node.alarm]
        result = actual == node.function
        # the child as the rule names it: an ARN stays an ARN in the explanation
        trace.append(Msg("sim.composite.function", {"function": node.function, "alarm": node.name,
                                                     "value": "TRUE" if result else "FALSE", "actual": actual}))
        return result
    if isinstance(node, Not):
        return not _eval(node.operand, states, trace)
    # evaluate every operand (no short-circuit) so the explanation lists each child alarm
    values = [_eval(op, states, trace) for op in node.operands]
    return all(values) if isinstance(node, And) else any(values)


def render(node: Node, parent: int = 0) -> str:
    """The rule written back with only the parentheses precedence needs (shows how it was read)."""
    if isinstance(node, Constant):
        return "TRUE" if node.value else "FALSE"
    if isinstance(node, StateIs):
        return f'{node.function}("{node.name}")' if not node.name.isidentifier() else f"{node.function}({node.name})"
    if isinstance(node, Not):
        return "NOT " + render(node.operand, 3)
    level = 2 if isinstance(node, And) else 1
    text = f" {'AND' if level == 2 else 'OR'} ".join(render(op, level) for op in node.operands)
    return f"({text})" if parent > level else text


def composite_state(rule_text: str, states: Mapping[str, str]) -> Outcome:
    """Parse and evaluate in one go (what the CLI does)."""
    return evaluate(parse_rule(rule_text), states)
