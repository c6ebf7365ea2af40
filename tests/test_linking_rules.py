"""The linking rules are data (``data/linking.json``): records load or fail with
``LexiconError`` (one case per line), and their order, confidences and scopes drive the linker."""
from __future__ import annotations


import pytest

import kpi_extract
from kpi_extract import lexicon
from kpi_extract.errors import LexiconError
from kpi_extract.pipeline.linking.rules import NAMES, LinkRule, RuleSet, load_rules
from kpi_extract.pipeline.linking.sentence import RulePlan

OK = {"name": "following", "direction": "forward", "scope": 3, "confidence": 0.85, "firm": True}


@pytest.mark.parametrize("change, expected", [
    ({}, LinkRule("following", "forward", 3, 0.85, True)),
    ({"firm": False}, LinkRule("following", "forward", 3, 0.85, False)),
    ({"confidence": 1}, LinkRule("following", "forward", 3, 1.0, True)),
    ({"example": "V of X"}, LinkRule("following", "forward", 3, 0.85, True, example="V of X")),
    ({"name": "frame", "scope": None, "overrides": ["preceding"]},
     LinkRule("frame", "forward", None, 0.85, True, ("preceding",))),
    ({"name": "list", "confidence": None}, LinkRule("list", "forward", 3, None, True)),
])
def test_rule_record_loads(change, expected):
    assert LinkRule.from_dict({**OK, **change}) == expected


@pytest.mark.parametrize("change, message", [
    ({"name": "nearest"}, "unknown rule"),
    ({"name": None}, "unknown rule"),
    ({"direction": "sideways"}, "direction"),
    ({"scope": -1}, "scope"),
    ({"scope": 2.5}, "scope"),
    ({"scope": "3"}, "scope"),
    ({"scope": None}, "needs a scope"),
    ({"confidence": 1.5}, "confidence"),
    ({"confidence": -0.1}, "confidence"),
    ({"confidence": "high"}, "confidence"),
    ({"confidence": None}, "confidence"),
    ({"confidence": True}, "confidence"),
    ({"name": "list", "confidence": 0.5}, "own confidence"),
    ({"firm": "yes"}, "firm"),
    ({"overrides": "preceding"}, "overrides"),
    ({"overrides": ["nearest"]}, "overrides"),
    ({"overrides": ["following"]}, "overrides"),
    ({"overrides": ["list"]}, "overrides"),
    ({"priority": 1}, "unknown keys"),
])
def test_bad_rule_record(change, message):
    with pytest.raises(LexiconError, match=message):
        LinkRule.from_dict({**OK, **change})


def test_a_record_must_be_an_object():
    with pytest.raises(LexiconError, match="expected an object"):
        LinkRule.from_dict(["following"])


def _packaged() -> dict:
    return lexicon.packaged("linking.json")


def _without(name: str) -> dict:
    data = _packaged()
    data["rules"] = [r for r in data["rules"] if r["name"] != name]
    return data


def _twice(name: str) -> dict:
    data = _packaged()
    data["rules"] += [r for r in data["rules"] if r["name"] == name]
    return data


@pytest.mark.parametrize("data, message", [
    ({}, "non-empty list"),
    ({"rules": []}, "non-empty list"),
    ({"rules": {"following": OK}}, "rules: Input should be a valid list"),
    ({"rules": [OK], "longest_phrase": 0}, "longest_phrase"),
    ({"rules": [OK], "longest_phrase": "16"}, "longest_phrase"),
    ({"rules": [OK], "period_after": -1}, "period_after"),
    ({"rules": [OK], "period_after": 1.5}, "period_after"),
    (_twice("inside"), "named twice"),
    (_without("preceding"), "override rules not in the set: preceding"),
])
def test_bad_rule_set(data, message):
    with pytest.raises(LexiconError, match=message):
        load_rules(data)


def test_the_open_rule_is_required():
    with pytest.raises(LexiconError, match="open rule is required"):
        RulePlan(load_rules(_without("open")))


def test_packaged_rules_are_in_precedence_order():
    rules = load_rules()
    # the data is the one source of the scopes (the linker had settings replacing these two)
    assert (rules.by_name["preceding"].scope, rules.by_name["preceding_near"].scope) == (40, 12)
    assert (rules.longest, rules.period_after) == (16, 12)
    assert [r.name for r in rules.rules] == list(NAMES)
    assert rules.confidence["preceding_near"] == 0.9 and rules.confidence["open"] == 0.3
    assert {r.name for r in rules.rules if r.firm} == {"recorded_in", "respectively", "change_target", "inside",
                                                        "following", "frame"}


def test_rule_set_round_trips_through_its_data():
    rules = load_rules()
    assert load_rules(rules.to_data()) == rules
    assert load_rules({"rules": _packaged()["rules"]}) == rules  # settings left out: the packaged ones
    assert load_rules(_with("preceding", scope=30)).by_name["preceding"].scope == 30
    assert load_rules(_with("preceding", scope=30)) != rules


# ------------------------------------------------------------------ the data drives the linker
FAR = "We delivered around RMB 784 million in the quarter in revenue."


def _linked(rules_data: dict | None, text: str) -> list[tuple]:
    nlp = kpi_extract.make_pipeline(linking_rules=rules_data)
    return [(v.get("metric"), v.get("rule"), v.get("confidence")) for v in nlp(text)._.kpi_values]


def _with(name: str, **change: object) -> dict:
    data = _packaged()
    for r in data["rules"]:
        if r["name"] == name:
            r.update(change)
    return data


@pytest.mark.parametrize("rules_data, text, expected", [
    (None, FAR, [("revenue", "following_far", 0.6)]),
    (_with("following_far", confidence=0.55), FAR, [("revenue", "following_far", 0.55)]),
    # without the rule the value stays unlinked ("the quarter" is a period, never an open phrase)
    (_without("following_far"), FAR, [(None, None, None)]),
    (_with("following_far", scope=3), FAR, [(None, None, None)]),
    (_with("preceding_near", confidence=0.95), "Revenue was $5 million.", [("revenue", "preceding_near", 0.95)]),
])
def test_rules_data_drives_links(rules_data, text, expected):
    assert _linked(rules_data, text) == expected


@pytest.mark.parametrize("period_after, expected", [
    (12, "the third quarter of 2022"),
    (1, "the third quarter of 2022"),
    (0, None),   # the period starts one token after the value
])
def test_period_after_bounds_the_period_cue(period_after, expected):
    nlp = kpi_extract.make_pipeline(linking_rules={**_packaged(), "period_after": period_after})
    v = nlp("Revenue was $5 million in the third quarter of 2022.")._.kpi_values[0]
    assert v.get("period_text") == expected


def _frame_moved(first: bool, overrides: list[str] | None = None) -> dict:
    data = _packaged()
    frame = next(r for r in data["rules"] if r["name"] == "frame")
    if overrides is not None:
        frame["overrides"] = overrides
    if first:
        data["rules"] = [frame] + [r for r in data["rules"] if r is not frame]
    return data


BOUGHT_BEFORE = "We repurchased stock, and free cash flow was $25 million."
BOUGHT_AFTER = "Operating cash flow was $60 million, and we repurchased $25 million of stock."


@pytest.mark.parametrize("rules_data, text, expected", [
    (None, BOUGHT_BEFORE, ("free_cash_flow", "preceding_near")),
    (_frame_moved(first=True, overrides=[]), BOUGHT_BEFORE, ("share_repurchase_amount", "frame")),
    (None, BOUGHT_AFTER, ("share_repurchase_amount", "frame")),  # the frame overrides the metric before it
    (_frame_moved(first=False, overrides=[]), BOUGHT_AFTER, ("operating_cash_flow", "preceding_near")),
])
def test_order_and_overrides_are_precedence(rules_data, text, expected):
    assert _linked(rules_data, text)[-1][:2] == expected


def test_linker_scope_settings_are_the_preceding_scopes():
    nlp = kpi_extract.make_pipeline()
    rules = nlp.get_pipe("kpi_linker").rules
    assert (rules.by_name["preceding"].scope, rules.by_name["preceding_near"].scope) == (40, 12)
    assert isinstance(rules, RuleSet)
