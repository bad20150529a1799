"""Acceptance 2: AlarmRule parsing and evaluation — precedence, nesting, every function, error positions."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studycli.errors import SpecError as RuleError
from studycli.i18n import render as render_msg
from studycli.sims.alarms.composite import (
    MAX_RULE_LENGTH,
    And,
    Constant,
    Not,
    Or,
    StateIs,
    composite_state,
    parse_rule,
    render,
)

STATES = ("OK", "ALARM", "INSUFFICIENT_DATA")


@pytest.mark.parametrize("function", STATES)
@pytest.mark.parametrize("actual", STATES)
def test_every_function_against_every_child_state(function, actual):
    outcome = composite_state(f"{function}(child)", {"child": actual})
    assert outcome.value is (function == actual)
    assert outcome.state == ("ALARM" if function == actual else "OK")


@pytest.mark.parametrize("rule, state", [("TRUE", "ALARM"), ("FALSE", "OK"), ("NOT TRUE", "OK"), ("NOT FALSE", "ALARM"),
                                         ("NOT NOT TRUE", "ALARM")])
def test_true_false_and_not(rule, state):
    assert composite_state(rule, {}).state == state


@pytest.mark.parametrize("rule, expected", [
    # AND binds tighter than OR
    ("TRUE OR TRUE AND FALSE", True),
    ("FALSE AND TRUE OR TRUE", True),
    ("(TRUE OR TRUE) AND FALSE", False),
    # NOT binds tighter than AND / OR
    ("NOT FALSE AND FALSE", False),
    ("NOT (FALSE AND FALSE)", True),
    ("NOT TRUE OR TRUE", True),
    ("NOT (TRUE OR TRUE)", False),
    # left to right chains
    ("FALSE OR FALSE OR TRUE", True),
    ("TRUE AND TRUE AND FALSE", False),
])
def test_precedence(rule, expected):
    assert composite_state(rule, {}).value is expected


def test_precedence_shows_in_the_tree():
    tree = parse_rule("ALARM(a) OR ALARM(b) AND NOT OK(c)").tree
    assert isinstance(tree, Or)
    assert isinstance(tree.operands[1], And)
    assert isinstance(tree.operands[1].operands[1], Not)
    assert render(tree) == "ALARM(a) OR ALARM(b) AND NOT OK(c)"
    assert render(parse_rule("(ALARM(a) OR ALARM(b)) AND OK(c)").tree) == "(ALARM(a) OR ALARM(b)) AND OK(c)"


def test_nesting():
    rule = '((ALARM("a") AND (OK(b) OR (NOT INSUFFICIENT_DATA(c)))) OR (FALSE))'
    assert composite_state(rule, {"a": "ALARM", "b": "ALARM", "c": "OK"}).state == "ALARM"
    assert composite_state(rule, {"a": "ALARM", "b": "ALARM", "c": "INSUFFICIENT_DATA"}).state == "OK"
    assert composite_state(rule, {"a": "OK", "b": "OK", "c": "OK"}).state == "OK"


def test_aws_noise_reduction_example():
    rule = "(ALARM(CPUUtilizationTooHigh) OR ALARM(DiskReadOpsTooHigh)) AND OK(NetworkOutTooHigh)"
    states = {"CPUUtilizationTooHigh": "ALARM", "DiskReadOpsTooHigh": "OK", "NetworkOutTooHigh": "OK"}
    assert composite_state(rule, states).state == "ALARM"
    states["NetworkOutTooHigh"] = "ALARM"
    outcome = composite_state(rule, states)
    assert outcome.state == "OK"
    assert "OK(NetworkOutTooHigh) is FALSE (NetworkOutTooHigh is ALARM)" in render_msg(outcome.explanation, "en")
    assert render_msg(outcome.explanation, "ko")


@pytest.mark.parametrize("rule", ['ALARM("my alarm")', "ALARM(my alarm)", 'ALARM( "my alarm" )', "ALARM( my alarm )",
                                  "ALARM(arn:aws:cloudwatch:us-east-1:123456789012:alarm:my alarm)"])
def test_quoted_unquoted_and_arn_names(rule):
    parsed = parse_rule(rule)
    assert parsed.alarms == ("my alarm",)
    assert composite_state(rule, {"my alarm": "ALARM"}).state == "ALARM"


def test_quoted_names_may_hold_parentheses_and_keywords():
    rule = parse_rule('OK("db (primary) AND replica")')
    assert rule.alarms == ("db (primary) AND replica",)


def test_children_are_counted_once():
    rule = parse_rule("ALARM(a) OR OK(a) OR INSUFFICIENT_DATA(b)")
    assert rule.alarms == ("a", "b")
    assert rule.elements == 3


@pytest.mark.parametrize("rule, position, words", [
    ("", 0, "empty"),
    ("   ", 0, "empty"),
    ("ALARM(a) AND (", 14, "ends"),
    ("ALARM(a) OR", 11, "ends"),
    ("ALARM(a", 7, "')'"),
    ('OK("x)', 3, "unterminated"),
    ("OK()", 3, "alarm name"),
    ('OK("")', 3, "empty alarm name"),
    ("(TRUE", 5, "opened at position 0"),
    ("TRUE)", 4, "unmatched"),
    ("TRUE TRUE", 5, "expected AND, OR"),
    ("AND TRUE", 0, "left"),
    ("FOO(a)", 0, "unknown word"),
    ("ALARM(a) and OK(b)", 9, "upper case"),
    ("alarm(a)", 0, "upper case"),
    ("ALARM a", 6, "'('"),
    ("ALARM(a) & OK(b)", 9, "unexpected character"),
    ('TRUE OR "a"', 8, "quoted name"),
    ("NOT", 3, "ends"),
    ("ALARM(a(b))", 7, "quote the name"),
])
def test_error_positions(rule, position, words):
    with pytest.raises(RuleError) as err:
        parse_rule(rule)
    assert err.value.position == position
    assert words in str(err.value)
    assert err.value.exit_code == 2 and err.value.kind == "InvalidAlarmRule"


def test_limit_rule_length():
    rule = " OR ".join(f'ALARM("{i:03d}{"x" * 240}")' for i in range(40))
    assert MAX_RULE_LENGTH - 100 < len(rule) <= MAX_RULE_LENGTH
    parse_rule(rule)
    longer = rule + " " * (MAX_RULE_LENGTH - len(rule) + 1)
    with pytest.raises(RuleError, match="10240") as err:
        parse_rule(longer)
    assert err.value.position == MAX_RULE_LENGTH


def test_limit_hundred_child_alarms():
    ok = " OR ".join(f"ALARM(a{i})" for i in range(100))
    assert len(parse_rule(ok).alarms) == 100
    too_many = ok + " OR ALARM(a100)"
    with pytest.raises(RuleError, match="at most 100") as err:
        parse_rule(too_many)
    assert err.value.position == too_many.index("ALARM(a100)")


def test_limit_five_hundred_elements():
    parse_rule(" OR ".join(["TRUE"] * 500))
    rule = " OR ".join(["TRUE"] * 499) + " OR (TRUE)"   # a pair of parentheses counts as one
    with pytest.raises(RuleError, match="500") as err:
        parse_rule(rule)
    assert err.value.position == len(rule) - 5   # the 501st element: the TRUE inside the parentheses


def test_a_rule_naming_an_alarm_without_a_state_is_an_error():
    with pytest.raises(RuleError, match="no state given for alarm 'b'") as err:
        composite_state("ALARM(a) AND OK(b)", {"a": "OK"})
    assert err.value.position == 13


# --- property: parsing the rendered tree evaluates like the tree itself -----------------

names = st.sampled_from(["a", "b", "c"])
leaves = st.one_of(st.builds(StateIs, st.sampled_from(STATES), names, st.just(0)),
                   st.builds(Constant, st.booleans()))
trees = st.recursive(leaves, lambda sub: st.one_of(
    st.builds(Not, sub),
    st.builds(And, st.lists(sub, min_size=2, max_size=3).map(tuple)),
    st.builds(Or, st.lists(sub, min_size=2, max_size=3).map(tuple))), max_leaves=12)


def truth(node, states):
    if isinstance(node, Constant):
        return node.value
    if isinstance(node, StateIs):
        return states[node.name] == node.function
    if isinstance(node, Not):
        return not truth(node.operand, states)
    values = [truth(op, states) for op in node.operands]
    return all(values) if isinstance(node, And) else any(values)


@settings(max_examples=200, deadline=None)
@given(trees, st.fixed_dictionaries({n: st.sampled_from(STATES) for n in "abc"}))
def test_property_rendered_rules_parse_back_to_the_same_truth(tree, states):
    text = render(tree)
    assert composite_state(text, states).value is truth(tree, states)
