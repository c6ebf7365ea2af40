"""The packaged lexicons (metrics, segments, modifiers) are well-formed data.

These tests read the JSON files directly, so they hold whatever code loads them.
"""
from __future__ import annotations

import copy

import json
import re
from collections import defaultdict
from importlib import resources

import pytest

from kpi_extract import lexicon
from kpi_extract.pipeline.metrics.lexicon import inflections
from kpi_extract.pipeline.values.component import KpiValues

# CONTRACT.md "Metric ids": fixed because the gold tables use them.
CONTRACT_IDS = [
    "revenue", "gross_profit", "gross_margin", "operating_income", "operating_margin", "net_income",
    "net_margin", "ebitda", "ebitda_margin", "eps", "operating_cash_flow", "free_cash_flow",
    "capital_expenditure", "cash_and_short_term_investments", "total_debt", "cost_of_revenue",
    "idc_cost", "depreciation_and_amortization", "solution_development_and_services_cost",
    "fulfillment_cost", "other_cost", "operating_expenses", "rd_expenses",
    "selling_and_marketing_expenses", "general_and_administrative_expenses",
    "share_based_compensation", "listing_expenses", "loss_on_disposal_of_assets",
    "foreign_exchange_gain", "share_repurchase_authorization", "share_repurchase_amount",
    "shares_repurchased", "dividend_per_share", "headcount", "new_customers", "customers", "backlog",
    "bookings", "arr", "net_revenue_retention", "same_store_sales", "users", "arpu", "net_interest_margin",
    "effective_tax_rate",
]
KINDS = {"money", "percent", "count", "per_share", "multiple", "ratio"}
INDUSTRIES = {
    "general", "saas", "retail", "bank", "telecom", "energy", "airline", "reit", "insurance", "cloud",
    "hotel", "hardware", "health", "consumer", "auto", "media",
}
METRIC_KEYS = {"id", "kinds", "industry", "margin_of", "per_share", "synonyms", "negative_synonyms", "percent_change"}
SNAKE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")


def _data(name: str) -> dict:
    return json.loads((resources.files("kpi_extract") / "data" / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def metrics() -> list[dict]:
    return _data("metrics.json")["metrics"]


@pytest.fixture(scope="module")
def by_id(metrics: list[dict]) -> dict[str, dict]:
    return {m["id"]: m for m in metrics}


@pytest.fixture(scope="module")
def segments() -> dict:
    return _data("segments.json")


@pytest.fixture(scope="module")
def modifiers() -> dict:
    return _data("modifiers.json")


def _forms(metric: dict) -> list[str]:
    return list(metric["synonyms"]) + list(metric["negative_synonyms"])


# --- metrics.json ------------------------------------------------------------------------

def test_metrics_file_shape() -> None:
    data = _data("metrics.json")
    assert set(data) == {"_comment", "metrics"}
    assert isinstance(data["metrics"], list)


@pytest.mark.parametrize("metric_id", CONTRACT_IDS)
def test_contract_id_present(by_id: dict[str, dict], metric_id: str) -> None:
    assert metric_id in by_id
    assert by_id[metric_id]["synonyms"], f"{metric_id} has no synonyms"


def test_enough_metrics(metrics: list[dict]) -> None:
    assert len(metrics) >= 150


def test_ids_snake_case_and_unique(metrics: list[dict]) -> None:
    ids = [m["id"] for m in metrics]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    bad = [i for i in ids if not SNAKE.match(i)]
    assert not bad


def test_metric_keys(metrics: list[dict]) -> None:
    for m in metrics:
        assert {"id", "kinds", "industry", "synonyms", "negative_synonyms"} <= set(m), m["id"]
        assert set(m) <= METRIC_KEYS, (m["id"], set(m) - METRIC_KEYS)


def test_kinds_valid(metrics: list[dict]) -> None:
    for m in metrics:
        assert isinstance(m["kinds"], list) and m["kinds"], m["id"]
        assert set(m["kinds"]) <= KINDS, (m["id"], m["kinds"])
        assert len(m["kinds"]) == len(set(m["kinds"])), m["id"]


def test_industry_valid(metrics: list[dict]) -> None:
    for m in metrics:
        assert m["industry"] in INDUSTRIES, (m["id"], m["industry"])


def test_margin_of_points_to_money_metric(by_id: dict[str, dict]) -> None:
    for m in by_id.values():
        if "margin_of" in m:
            target = m["margin_of"]
            assert target in by_id, (m["id"], target)
            assert target != m["id"]
            assert "money" in by_id[target]["kinds"], (m["id"], target)
            assert "percent" in m["kinds"], m["id"]


@pytest.mark.parametrize(
    ("margin", "base"),
    [
        ("gross_margin", "gross_profit"),
        ("operating_margin", "operating_income"),
        ("net_margin", "net_income"),
        ("ebitda_margin", "ebitda"),
    ],
)
def test_contract_margins(by_id: dict[str, dict], margin: str, base: str) -> None:
    assert by_id[margin].get("margin_of") == base
    assert by_id[margin]["kinds"] == ["percent"]


def test_synonyms_nonempty_lowercase_stripped(metrics: list[dict]) -> None:
    for m in metrics:
        assert isinstance(m["synonyms"], list) and isinstance(m["negative_synonyms"], list), m["id"]
        for form in _forms(m):
            assert isinstance(form, str) and form.strip(), (m["id"], form)
            assert form == form.lower(), (m["id"], form)
            assert form == form.strip() and "  " not in form, (m["id"], form)


def test_surface_form_under_one_metric_only(metrics: list[dict]) -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for m in metrics:
        for form in _forms(m):
            owners[form.lower()].add(m["id"])
    clashes = {form: sorted(ids) for form, ids in owners.items() if len(ids) > 1}
    assert not clashes


def _inflections(phrase: str) -> set[str]:
    """The forms the loader matches for a lexicon phrase (the phrase and its plural)."""
    return inflections(phrase)


def test_inflected_forms_do_not_clash(metrics: list[dict]) -> None:
    """The loader adds plurals of the last word: no inflected form may belong to two metrics."""
    owners: dict[str, set[str]] = defaultdict(set)
    for m in metrics:
        for form in _forms(m):
            for inflected in _inflections(form):
                owners[inflected].add(m["id"])
    clashes = {form: sorted(ids) for form, ids in owners.items() if len(ids) > 1}
    assert not clashes


def test_negative_synonyms_not_also_synonyms(metrics: list[dict]) -> None:
    for m in metrics:
        assert not set(m["synonyms"]) & set(m["negative_synonyms"]), m["id"]


@pytest.mark.parametrize(
    ("form", "metric_id", "negative"),
    [
        ("revenue", "revenue", False),
        ("net sales", "revenue", False),
        ("top line", "revenue", False),
        ("net loss", "net_income", True),
        ("operating loss", "operating_income", True),
        ("loss from operations", "operating_income", True),
        ("gross loss", "gross_profit", True),
        ("loss per share", "eps", True),
        ("net loss per ads", "eps", True),
        ("earnings per ads", "eps", False),
        ("ebitda loss", "ebitda", True),
        ("net cash used in operating activities", "operating_cash_flow", True),
        ("operating cash outflow", "operating_cash_flow", True),
        ("free cash outflow", "free_cash_flow", True),
        ("foreign exchange loss", "foreign_exchange_gain", True),
        ("net loss margin", "net_margin", True),
        ("operating loss margin", "operating_margin", True),
        ("loss on disposal of property and equipment", "loss_on_disposal_of_assets", False),
        ("idc cost", "idc_cost", False),
        ("cash, cash equivalents and short-term investments", "cash_and_short_term_investments", False),
        ("net cash provided by operating activities", "operating_cash_flow", False),
        ("share repurchase program", "share_repurchase_authorization", False),
        ("r&d expense", "rd_expenses", False),
        ("sg&a", "sga_expenses", False),
        ("same-store sales", "same_store_sales", False),
        ("same unit sales", "same_store_sales", False),
        ("same-unit revenue", "same_store_sales", False),
        ("fee revenue", "revenue", False),
        ("fee income", "non_interest_income", False),
        ("net dollar retention", "net_revenue_retention", False),
        ("monthly active user", "users", False),
        ("average revenue per user", "arpu", False),
        ("effective tax rate", "effective_tax_rate", False),
        ("provision for credit losses", "provision_for_credit_losses", False),
        ("net charge-off", "net_charge_offs", False),
        ("loss ratio", "loss_ratio", False),
    ],
)
def test_known_forms(by_id: dict[str, dict], form: str, metric_id: str, negative: bool) -> None:
    key = "negative_synonyms" if negative else "synonyms"
    assert form in by_id[metric_id][key]


def test_no_modifier_words_leading_synonyms(metrics: list[dict]) -> None:
    """Adjusted / non-GAAP / organic are modifiers, not parts of metric names."""
    banned = ("adjusted ", "non-gaap ", "non gaap ", "organic ", "constant currency ")
    # AFFO is its own metric; "organic growth" is the analysts' name of organic revenue growth
    # (the modifier is still tagged: the value's basis reads it)
    named_so = {"adjusted funds from operations", "adjusted funds from operations per share", "organic growth"}
    for m in metrics:
        for form in _forms(m):
            assert form in named_so or not form.startswith(banned), (m["id"], form)


def test_several_industries_covered(metrics: list[dict]) -> None:
    per_industry: dict[str, int] = defaultdict(int)
    for m in metrics:
        per_industry[m["industry"]] += 1
    for industry in ("general", "saas", "retail", "bank", "telecom", "energy", "airline", "reit", "insurance"):
        assert per_industry[industry] >= 3, industry


# --- segments.json -----------------------------------------------------------------------

def test_segments(segments: dict) -> None:
    # no key the loaders would not read ("inventory": kpi_extract.document.segments)
    assert set(segments) == {"_comment", "segments", "inventory"}
    terms = segments["segments"]
    assert len(terms) >= 80
    assert len(terms) == len(set(terms)), sorted({t for t in terms if terms.count(t) > 1})
    for term in terms:
        assert isinstance(term, str) and term.strip() and term == term.lower() and term == term.strip(), term


@pytest.mark.parametrize("term", ["public cloud", "enterprise cloud", "cdn", "north america", "europe", "international"])
def test_segment_examples(segments: dict, term: str) -> None:
    assert term in segments["segments"]


def test_segments_are_not_metric_names(metrics: list[dict], segments: dict) -> None:
    forms = {g for m in metrics for f in _forms(m) for g in _inflections(f)}
    segment_forms = {g for s in segments["segments"] for g in _inflections(s)}
    assert not forms & segment_forms


# --- modifiers.json ----------------------------------------------------------------------

def test_modifiers(modifiers: dict) -> None:
    assert {"adjusted", "basis", "gaap"} <= set(modifiers)
    assert set(modifiers["basis"]) == {"organic", "constant_currency"}
    groups = [modifiers["adjusted"], modifiers["gaap"], *modifiers["basis"].values()]
    seen: set[str] = set()
    for group in groups:
        assert group
        for phrase in group:
            assert phrase == phrase.lower() and phrase.strip() == phrase and phrase, phrase
            assert phrase not in seen, phrase
            seen.add(phrase)
    for phrase in ("adjusted", "non-gaap", "core", "excluding share-based compensation"):
        assert phrase in modifiers["adjusted"]
    assert "cash" not in modifiers["adjusted"]
    assert "organic" in modifiers["basis"]["organic"]
    assert "constant currency" in modifiers["basis"]["constant_currency"]


# --- lexicon data in a pipeline's config (kpi_extract.lexicon.to_config / from_config) -------

def _through_config(text: str) -> str:
    """``text`` as a component setting, written as config text and read back (confection)."""
    from confection import Config

    return Config().from_str(Config({"components": {"c": {"lexicon": text}}}).to_str())["components"]["c"]["lexicon"]


@pytest.mark.parametrize("data", [
    {"currency_prefix": {"R$": "BRL"}},                        # "$" alone: confection refuses it
    {"currency_prefix": {"SFr.": "CHF"}},                      # a dot in a key: a section path as a dict
    {"currency_suffix": {"€uro": "EUR"}},                      # non-ASCII
    {"scale_words": {"lakh crore": "crore"}},                  # a blank in a key
    {"count_nouns": ["${system.seed}", "$$", "%(x)s"]},        # interpolation syntax, kept literally
    {"k": "back\\slash \"quoted\"\nnewline ; # [section]"},    # escapes and config comment / section marks
    {"metrics": [{"id": "x", "kinds": ["money"], "synonyms": ["x y"]}]},
    ["small business lending", "u.s.", "r$ unit"],
    {},
    [],
])
def test_lexicon_data_round_trips_through_a_config(data) -> None:
    from kpi_extract import lexicon

    text = lexicon.to_config(data)
    assert lexicon.from_config(_through_config(text), type(data)) == data


def test_a_plain_dict_does_not_round_trip_through_a_config() -> None:
    """Why to_config writes JSON text: a dict becomes config sections, and a key with a dot
    names a section that is not there when the config is read back."""
    from confection import Config, ConfigValidationError

    with pytest.raises(ConfigValidationError):
        Config().from_str(Config({"components": {"c": {"lexicon": {"SFr.": {"a": 1}}}}}).to_str())


@pytest.mark.parametrize("text, kind, expected", [
    ("", dict, {}),
    ("", list, []),
    ('{"a": ["\\u0024"]}', dict, {"a": ["$"]}),
    ("not json", dict, "not JSON"),
    ("[1]", dict, "JSON object"),
    ("{}", list, "JSON array"),
])
def test_from_config(text, kind, expected) -> None:
    from kpi_extract import LexiconError, lexicon

    if isinstance(expected, str):
        with pytest.raises(LexiconError, match=expected):
            lexicon.from_config(text, kind)
    else:
        assert lexicon.from_config(text, kind) == expected


@pytest.mark.parametrize("base, extra, expected", [
    ({"a": [1]}, {"a": [2, 1]}, {"a": [1, 2]}),                                   # lists extended, no duplicate
    ({"a": {"b": [1]}}, {"a": {"b": [2]}}, {"a": {"b": [1, 2]}}),                 # nested lists extended too
    ({"a": {"b": {"c": 1, "d": 2}}}, {"a": {"b": {"c": 3}}}, {"a": {"b": {"c": 3, "d": 2}}}),  # any depth
    ({"a": {"b": 1}}, {"a": {"e": 5}}, {"a": {"b": 1, "e": 5}}),                  # new nested key
    ({"a": 1}, {"a": 2}, {"a": 2}),                                               # scalars replaced
    ({"a": 1}, {"a": 2.5}, {"a": 2.5}),                                           # an int by a float: both numbers
    ({"a": {"b": 2}}, {"a": {"b": 2.0}}, {"a": {"b": 2.0}}),                      # at any depth
    ({"a": {"b": 0.5}}, {"a": {"b": 3}}, {"a": {"b": 3}}),                        # a float by an int
    ({"a": None}, {"a": "x"}, {"a": "x"}),                                        # null replaced by anything
])
def test_merge(base, extra, expected) -> None:
    before = copy.deepcopy(base)
    assert lexicon.merge(base, extra) == expected
    assert base == before  # never modified


@pytest.mark.parametrize("base, extra, message", [
    ({"a": 1}, {"a": "2"}, "expected int, got str"),
    ({"a": {"b": 2}}, {"a": {"b": True}}, "expected int, got bool"),                # a bool is not a number
    ({"a": True}, {"a": 1}, "expected bool, got int"),
    ({"a": [1]}, {"a": "x"}, "expected list, got str"),
    ({"a": {"b": [1]}}, {"a": {"b": {"c": 1}}}, "expected list, got dict"),
    ({"a": {"b": 1}}, {"a": [1]}, "expected dict, got list"),
])
def test_merge_rejects_another_kind(base, extra, message) -> None:
    from kpi_extract import LexiconError

    with pytest.raises(LexiconError, match=message):
        lexicon.merge(base, extra)


def test_a_float_factor_replaces_an_integer_one() -> None:
    values = KpiValues(values_lexicon={"multiple_words": {"doubled": 2.0}})
    assert [m.reported for m in values.grammar.find("Revenue doubled.")] == [(2.0, "multiple")]


@pytest.mark.parametrize("extra, text, unit", [
    (None, "Gross margin improved by 1.2% in the quarter.", "percentage_point"),
    (None, "Gross margin improved, and revenue increased by 1.2%.", "percent"),       # a stop noun ends the reach
    (None, "Net interest spread improved by 0.2%.", "percent"),                      # not a margin noun
    ({"margin_change": {"nouns": ["spread"]}}, "Net interest spread improved by 0.2%.", "percentage_point"),
    ({"margin_change": {"cues": ["widened"]}}, "Gross margin widened 0.4%.", "percentage_point"),
    ({"margin_change": {"cues": ["widened"]}}, "Gross margin improved by 1.2%.", "percentage_point"),  # kept
])
def test_margin_change_words_are_data(extra, text, unit) -> None:
    values = KpiValues(values_lexicon=extra)
    assert [m.reported[1] for m in values.grammar.find(text)] == [unit]
