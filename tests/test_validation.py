"""Bad options and malformed lexicon data raise typed errors naming what is wrong.

Every user-extendable data file is checked against its pydantic model
(:mod:`kpi_extract.lexicon.schemas`) when it is loaded: the message names the file or
option, the entry and the field. Options of ``make_pipeline``, ``extract``, ``extract_many``
and ``extract_dask`` that are not valid raise a ``ConfigError`` (an ``InputTypeError`` for
texts that are no iterable).
"""
from __future__ import annotations

import json
import re

import dask.dataframe as dd
import pandas as pd
import pytest
import spacy

import kpi_extract
from kpi_extract import lexicon
from kpi_extract.dask_runner import extract_dask
from kpi_extract.document.company import CompanyReader
from kpi_extract.document.period import PeriodModel
from kpi_extract.document.period_mentions import MentionGrammar
from kpi_extract.document.scope import ScopeReader
from kpi_extract.document.segments import SegmentReader
from kpi_extract.document.speakers import SpeakerReader
from kpi_extract.errors import ConfigError, InputTypeError, KpiExtractError, LexiconError
from kpi_extract.lexicon.schemas import SCHEMAS
from kpi_extract.pipeline.linking.cues import Cues
from kpi_extract.pipeline.linking.rules import load_rules
from kpi_extract.pipeline.metrics.lexicon import MetricLexicon
from kpi_extract.pipeline.periods.grammar import PeriodGrammar

METRIC = {"id": "widgets", "kinds": ["count"], "synonyms": ["widgets"]}


def _with(name: str, key: str, value: object) -> dict:
    """The packaged data file ``name`` with ``key`` set to ``value``."""
    return {**lexicon.packaged(name), key: value}


# ------------------------------------------------------------------ make_pipeline options
@pytest.mark.parametrize("options, error, message", [
    ({"extra_metrics": 5}, ConfigError, "extra_metrics must be a mapping or a path to a JSON file, not int"),
    ({"extra_metrics": [METRIC]}, ConfigError, "extra_metrics must be a mapping or a path to a JSON file, not list"),
    ({"extra_metrics": {"metrics": [{**METRIC, "synonyms": [1, 2]}]}}, LexiconError,
     "extra_metrics (in the form of metrics.json): metrics[0] (id 'widgets') > synonyms[0]: Input should be a valid string (got 1)"),
    ({"extra_metrics": {"metrics": [{"id": "widgets"}]}}, LexiconError, "metrics[0] (id 'widgets') > kinds: Field required"),
    ({"extra_metrics": {"metrics": [{**METRIC, "kinds": ["apples"]}]}}, LexiconError, "metrics[0] (id 'widgets') > kinds[0]: Input should be 'money'"),
    ({"extra_metrics": {"metrics": [{**METRIC, "synonym": ["w"]}]}}, LexiconError, "metrics[0] (id 'widgets') > synonym: unknown key"),
    ({"extra_metrics": {"metrics": [{**METRIC, "margin_of": "nothing_here"}]}}, LexiconError, "extra_metrics: metric 'widgets': 'nothing_here'"),
    ({"extra_metrics": {"metrix": []}}, LexiconError, "metrix: unknown key (known: metrics)"),
    ({"extra_segments": [None]}, ConfigError, "extra_segments must be a list of segment names (non-blank str), not [None]"),
    ({"extra_segments": ["Cloud", " "]}, ConfigError, "extra_segments must be a list of segment names"),
    ({"extra_segments": "Cloud"}, ConfigError, "extra_segments must be a list of segment names"),
    ({"lang": "zz"}, ConfigError, "lang='zz': spaCy has no language of that code"),
    ({"lang": 5}, ConfigError, "lang must be a spaCy language code"),
    ({"values_lexicon": {"qualifiers": {"about": "bogus"}}}, LexiconError,
     "values_lexicon (in the form of values.json): qualifiers > about: Input should be 'exact', 'approximately', 'more_than' or 'less_than' (got 'bogus')"),
    ({"values_lexicon": {"currency_prefix": {"X$": 5}}}, LexiconError, "currency_prefix > X$: Input should be a valid string (got 5)"),
    ({"values_lexicon": {"currency_prefix": {" ": "USD"}}}, LexiconError, "currency_prefix > key ' ': a word or phrase must not be blank"),
    ({"values_lexicon": {"currency_prefx": {"X$": "USD"}}}, LexiconError, "currency_prefx: unknown key (known: currency_prefix,"),
    ({"values_lexicon": {"percent_words": "pct"}}, LexiconError, "percent_words: Input should be a valid list (got 'pct')"),
    ({"values_lexicon": {"qualifiers": None}}, LexiconError, "qualifiers: Input should be a valid dictionary (got None)"),
    ({"values_lexicon": {"fold_words": {"tenfold": "10"}}}, LexiconError, "fold_words > tenfold: Input should be a valid number"),
    ({"values_lexicon": {"margin_change": {"nouns": ["margin"], "verbs": []}}}, LexiconError, "margin_change > verbs: unknown key"),
    ({"values_lexicon": {"currency_prefix": {"X$": "FOO"}}}, LexiconError, "values_lexicon: unit 'FOO' is not defined in units.txt"),
    ({"extra_cues": {"change_up": ["soar", 1]}}, LexiconError, "extra_cues (in the form of cues.json): change_up[1]: Input should be a valid string (got 1)"),
    ({"extra_cues": {"change_upp": ["soar"]}}, LexiconError, "change_upp: unknown key (known: change_up,"),
    ({"extra_cues": {"frames": [{"money": "revenue"}]}}, LexiconError, "frames[0] > cues: Field required"),
    ({"extra_cues": {"year_token": ["\\d{4}"]}}, LexiconError, "year_token: Input should be a valid string"),
    ({"linking_rules": {"rules": 5}}, LexiconError, "linking_rules (in the form of linking.json): rules: Input should be a valid list (got 5)"),
    ({"linking_rules": {"rules": [{"name": "inside", "direction": "up", "scope": None, "confidence": 0.9}]}}, LexiconError,
     "rules[0] (name 'inside') > direction: Input should be 'backward', 'forward', 'inside' or 'both' (got 'up')"),
    ({"linking_rules": {"rules": [{"name": "inside", "direction": "inside", "scope": None, "confidence": 2}]}}, LexiconError,
     "rules[0] (name 'inside') > confidence: Input should be less than or equal to 1 (got 2)"),
    ({"linking_rules": {"rules": [{"name": "bogus", "direction": "inside", "scope": None, "confidence": 0.5}]}}, LexiconError,
     "linking_rules: linking rule 'bogus': unknown rule"),
    ({"linking_rules": {"rules": [{"direction": "inside"}]}}, LexiconError, "rules[0] > name: Field required"),
    ({"linking_rules": {"period_after": -1, "rules": []}}, LexiconError, "period_after: Input should be greater than or equal to 0 (got -1)"),
])
def test_bad_pipeline_option(options, error, message):
    with pytest.raises(error, match=re.escape(message)) as info:
        kpi_extract.make_pipeline(**options)
    assert isinstance(info.value, KpiExtractError)


@pytest.mark.parametrize("content, message", [
    (b'{"metrics": [{"id": "caf\xe9", "kinds": ["money"]}]}', "as UTF-8 JSON: 'utf-8' codec can't decode"),
    (b'{"metrics": [', "as UTF-8 JSON: Expecting value"),
    (b'[{"id": "widgets"}]', "must hold a JSON object, not list"),
    (b'{"metrics": [{"id": "widgets", "kinds": ["count"], "synonyms": [1]}]}',
     "(in the form of metrics.json): metrics[0] (id 'widgets') > synonyms[0]: Input should be a valid string"),
])
def test_a_bad_lexicon_file_is_named(tmp_path, content, message):
    path = tmp_path / "my_metrics.json"
    path.write_bytes(content)
    with pytest.raises(LexiconError, match=re.escape(message)) as info:
        kpi_extract.make_pipeline(extra_metrics=path)
    assert str(path) in str(info.value)
    assert "extra_metrics" in str(info.value)


def test_a_good_lexicon_file_is_used(tmp_path):
    path = tmp_path / "values.json"
    path.write_text(json.dumps({"currency_prefix": {"SFr.": "CHF"}, "_comment": "notes are skipped"}), encoding="utf-8")
    nlp = kpi_extract.make_pipeline(values_lexicon=path)
    df = kpi_extract.extract("Sales were SFr. 12 million.", reporting_period="2022Q4", nlp=nlp)
    assert df["unit"].tolist() == ["CHF"]


# ------------------------------------------------------------------ components and readers built directly
@pytest.mark.parametrize("build, message", [
    (lambda: spacy.blank("en").add_pipe("kpi_values", config={"values_lexicon": '{"qualifiers": {"about": "bogus"}}'}),
     "kpi_values: values_lexicon (in the form of values.json): qualifiers > about"),
    (lambda: spacy.blank("en").add_pipe("kpi_metrics", config={"extra_segments": "[null]"}),
     "extra_segments (in the form of segments.json): segments[0]: Input should be a valid string (got None)"),
    (lambda: MetricLexicon().extended({"metrics": [{**METRIC, "industry": 3}]}), "metrics[0] (id 'widgets') > industry"),
    (lambda: MetricLexicon({"metrics.json": {"metrics": "x"}, "segments.json": {}, "modifiers.json": {}}),
     "metric lexicon metrics.json (in the form of metrics.json): metrics: Input should be a valid list"),
    (lambda: MetricLexicon({**{n: lexicon.packaged(n) for n in ("metrics.json", "segments.json")},
                            "modifiers.json": {"basis": {"organic": "organic"}}}), "basis > organic: Input should be a valid list"),
    (lambda: Cues(extra={"hard_stops": "but"}), "extra_cues (in the form of cues.json): hard_stops: Input should be a valid list"),
    (lambda: load_rules({"rules": [{"name": "inside", "firm": "yes"}]}), "rules[0] (name 'inside') > firm: Input should be a valid boolean"),
    (lambda: PeriodGrammar(_with("periods.json", "ordinals", {"first": "1"})), "periods data (in the form of periods.json): ordinals > first"),
    (lambda: MentionGrammar(periods=_with("periods.json", "months", "May")), "months: Input should be a valid list"),
    (lambda: MentionGrammar(reporting=_with("reporting.json", "relative_years", {"last": 1.5})), "relative_years > last"),
    (lambda: PeriodModel(_with("reporting.json", "model", {"weights": {"bare:report|0|log": "0.5"}})),
     "reporting data (in the form of reporting.json): model > weights > bare:report|0|log: Input should be a valid number"),
    (lambda: PeriodModel(_with("reporting.json", "title_chars", -1)), "title_chars: Input should be greater than or equal to 0"),
    (lambda: CompanyReader({"company_window": "400"}), "extra (in the form of document.json): company_window: Input should be a valid integer"),
    (lambda: SpeakerReader({"speakers": {"operator": "Operator"}}), "speakers > operator: Input should be a valid list"),
    (lambda: SpeakerReader({"speakers": {"roster": {"board": ["Directors"]}}}), "speakers > roster > board: unknown key"),
    (lambda: ScopeReader({"window": -5}), "adjusted_scope > window: Input should be greater than or equal to 0"),
    (lambda: SegmentReader({"max_words": 0}), "extra (in the form of segments.json): inventory > max_words: Input should be greater than or equal to 1"),
])
def test_bad_data_given_to_a_component_or_reader(build, message):
    with pytest.raises(LexiconError, match=re.escape(message)):
        build()


def test_many_faults_are_counted():
    with pytest.raises(LexiconError, match=r"\(and 2 more\)$"):
        lexicon.check("cues.json", {"yoy": [1, 2, 3, 4, 5]}, "extra_cues")


# ------------------------------------------------------------------ the packaged files fit their models
@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_packaged_file_fits_its_model(name):
    data = lexicon.packaged(name)
    assert lexicon.check(name, data, name) == data


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_model_names_every_key_of_its_file(name):
    """A key added to a data file needs its field in the model (else extending it fails)."""
    keys = {k for k in lexicon.packaged(name) if not k.startswith("_")}
    assert set(SCHEMAS[name].model_fields) == keys


# ------------------------------------------------------------------ extract, extract_many, extract_dask
@pytest.mark.parametrize("call, error, message", [
    (lambda: kpi_extract.extract("Revenue was $5 million.", nlp="en"), ConfigError, "nlp must be a spaCy Language"),
    (lambda: kpi_extract.extract_many(["Revenue was $5 million."], nlp=5), ConfigError, "nlp must be a spaCy Language"),
    (lambda: kpi_extract.extract_many(None), InputTypeError, "not NoneType"),
    (lambda: kpi_extract.extract_many(5), InputTypeError, "not int"),
    (lambda: extract_dask(dd.from_pandas(pd.DataFrame({"text": ["x"]}), npartitions=1), foo=1), ConfigError,
     "extract_dask: unknown option(s) foo; options of extract_many:"),
])
def test_bad_argument(call, error, message):
    with pytest.raises(error, match=re.escape(message)):
        call()
