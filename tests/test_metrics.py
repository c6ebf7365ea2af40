"""The metric lexicon: plural handling, run-time extension, serialization, bad data."""
from __future__ import annotations

import json
import warnings

import pytest
import spacy

import kpi_extract
from kpi_extract import LexiconError
from kpi_extract.pipeline.metrics.component import required_words
from kpi_extract.pipeline.metrics.lexicon import MetricLexicon, inflections

SENTENCE = "Widget throughput was 1,200 units and the widget scrap rate was 3.5%."
EXTRA = {"metrics": [
    {"id": "widget_throughput", "kinds": ["count"], "synonyms": ["widget throughput"]},
    {"id": "scrap_rate", "kinds": ["percent"], "synonyms": ["widget scrap rate"]},
]}


def _linked(nlp, text: str = SENTENCE) -> dict[str, str]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        df = kpi_extract.extract(text, nlp=nlp, reporting_period="2022Q4")
    return dict(zip(df["value_text"], df["metric"].astype(object).where(df["metric"].notna(), None)))


@pytest.mark.parametrize("phrase, forms", [
    ("revenue", {"revenue", "revenues"}),
    ("idc cost", {"idc cost", "idc costs"}),
    ("company", {"company", "companies"}),
    ("tax", {"tax", "taxes"}),
    ("net loss", {"net loss", "net losses"}),
    ("net sales", {"net sales"}),
    ("gross margin", {"gross margin", "gross margins"}),
    ("r&d", {"r&d"}),
    ("eps", {"eps"}),
    ("Top  Line", {"top line", "top lines"}),
])
def test_inflections(phrase, forms):
    assert inflections(phrase) == forms


def test_extra_metrics_from_a_mapping_link_values():
    assert _linked(kpi_extract.make_pipeline(extra_metrics=EXTRA)) == {
        "1,200 units": "widget_throughput", "3.5%": "scrap_rate"}


def test_extra_metrics_leave_the_default_pipeline_alone():
    kpi_extract.make_pipeline(extra_metrics=EXTRA)
    assert "widget_throughput" not in set(_linked(kpi_extract.default_pipeline()).values())
    assert "widget_throughput" not in MetricLexicon().metrics


def test_extra_metrics_from_a_json_file(tmp_path):
    path = tmp_path / "metrics.json"
    path.write_text(json.dumps(EXTRA), encoding="utf-8")
    assert _linked(kpi_extract.make_pipeline(extra_metrics=str(path)))["3.5%"] == "scrap_rate"


def test_an_extra_metric_with_a_known_id_replaces_it():
    override = {"metrics": [{"id": "revenue", "kinds": ["money"], "synonyms": ["takings"]}]}
    nlp = kpi_extract.make_pipeline(extra_metrics=override)
    assert _linked(nlp, "Takings were $5 million.") == {"$5 million": "revenue"}
    assert _linked(nlp, "Revenue was $5 million.")["$5 million"] is None


def test_extra_segments():
    nlp = kpi_extract.make_pipeline(extra_segments=["gizmo division"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        df = kpi_extract.extract("Gizmo division revenue was $7 million.", nlp=nlp)
    assert df.loc[0, "segment"].lower() == "gizmo division"


def test_extended_lexicon_survives_to_disk_and_spacy_load(tmp_path):
    nlp = kpi_extract.make_pipeline(extra_metrics=EXTRA)
    nlp.to_disk(tmp_path / "pipe")
    assert _linked(spacy.load(tmp_path / "pipe")) == _linked(nlp)


@pytest.mark.parametrize("bad, message", [
    ({"metrics": [{"id": "x", "kinds": ["bananas"], "synonyms": ["x"]}]}, "kinds"),
    ({"metrics": [{"id": "x", "kinds": [], "synonyms": ["x"]}]}, "kinds"),
    ({"metrics": [{"id": "x", "kinds": ["percent"], "margin_of": "nothing_here", "synonyms": ["x"]}]}, "not a metric"),
    ({"metrics": [{"kinds": ["money"], "synonyms": ["x"]}]}, r"metrics\[0\] > id: Field required"),
])
def test_bad_extra_metrics_raise_lexicon_error(bad, message):
    with pytest.raises(LexiconError, match=message):
        kpi_extract.make_pipeline(extra_metrics=bad)


@pytest.mark.parametrize("patterns, ok", [
    ([[{"LOWER": "excluding"}, {"LOWER": "items"}]], True),
    ([[{"LOWER": "excluding"}, {"NO_SUCH_ATTR": "items"}]], False),
    ([[{"LOWER": "excluding", "OP": "oops"}]], False),
])
def test_adjusted_token_patterns_are_validated(patterns, ok):
    pipe = kpi_extract.make_pipeline().get_pipe("kpi_metrics")
    modifiers = {**pipe.lexicon.data["modifiers.json"], "adjusted_patterns": patterns}
    data = spacy.util.to_bytes({"modifiers.json": lambda: json.dumps(modifiers).encode("utf-8")}, [])
    if ok:
        pipe.from_bytes(data)
        assert pipe.lexicon.adjusted_patterns == patterns
    else:
        with pytest.raises(LexiconError, match="adjusted_patterns"):
            pipe.from_bytes(data)


@pytest.mark.parametrize("pattern, words", [
    ([{"LOWER": "after"}, {"LOWER": "adjusting"}, {"LOWER": "for"}], [("after",), ("adjusting",), ("for",)]),
    ([{"LOWER": {"IN": ["excluding", "ex"]}}, {"LOWER": {"IN": ["these"]}, "OP": "{0,3}"},
      {"LOWER": {"IN": ["items"]}}], [("excluding", "ex"), ("items",)]),
    ([{"LOWER": "net"}, {"LOWER": "of", "OP": "?"}, {"IS_DIGIT": True}], [("net",)]),
    ([{"LOWER": {"IN": ["a", "b"]}, "OP": "{1,3}"}], [("a", "b")]),
])
def test_token_pattern_prefilter_words(pattern, words):
    """The words a text must hold for a token pattern to match (the Matcher runs only then)."""
    assert required_words(pattern) == words


@pytest.mark.parametrize("how", ["bytes", "disk"])
@pytest.mark.parametrize("save_exclude, load_exclude, kept_metric, kept_segment", [
    ([], [], False, False),                                   # the saved lexicon replaces the whole of it
    (["metrics"], [], True, False),
    (["segments"], [], False, True),
    ([], ["segments"], False, True),
    (["metrics", "segments", "modifiers"], [], True, True),
    ([], ["metrics", "segments", "modifiers"], True, True),
])
def test_serialization_honours_exclude(tmp_path, how, save_exclude, load_exclude, kept_metric, kept_segment):
    """A plain pipeline's lexicon loaded into an extended one: what ``exclude`` leaves out
    on either side stays as the extended component had it."""
    plain = kpi_extract.make_pipeline().get_pipe("kpi_metrics")
    pipe = kpi_extract.make_pipeline(extra_metrics=EXTRA, extra_segments=["gizmo division"]).get_pipe("kpi_metrics")
    if how == "bytes":
        pipe.from_bytes(plain.to_bytes(exclude=save_exclude), exclude=load_exclude)
    else:
        plain.to_disk(tmp_path / "m", exclude=save_exclude)
        assert sorted(p.name for p in (tmp_path / "m").iterdir()) == sorted(
            f"{k}.json" for k in ("metrics", "segments", "modifiers") if k not in save_exclude)
        if save_exclude:  # the left-out files are missing: the loader must leave them out too
            load_exclude = save_exclude
        pipe.from_disk(tmp_path / "m", exclude=load_exclude)
    assert ("widget_throughput" in pipe.lexicon.metrics) is kept_metric
    assert ("gizmo division" in pipe.lexicon.segments) is kept_segment
    assert pipe.lexicon.modifiers == plain.lexicon.modifiers


@pytest.mark.parametrize("config, match", [
    ({"extra_metrics": 42}, "extra_metrics must be a mapping or a path"),
    ({"extra_segments": "gizmo division"}, "extra_segments must be a list"),   # not one name per letter
    ({"extra_segments": [1]}, "extra_segments must be a list"),
    ({"extra_segments": 1}, "extra_segments must be a list"),
])
def test_bad_metric_options_raise_config_error(config, match):
    with pytest.raises(kpi_extract.ConfigError, match=match):
        kpi_extract.make_pipeline(**config)


def test_extra_segments_from_any_iterable():
    nlp = kpi_extract.make_pipeline(extra_segments=(s for s in ["gizmo division"]))
    assert "gizmo division" in nlp.get_pipe("kpi_metrics").lexicon.segments
