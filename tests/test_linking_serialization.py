"""``kpi_linker`` saves its cues and rules (spaCy's serializers pattern): the same links
after ``to_disk`` / ``spacy.load`` and ``to_bytes`` / ``from_bytes``; ``exclude`` honoured."""
from __future__ import annotations

import copy

import pytest
import spacy

import kpi_extract
from kpi_extract import lexicon
from kpi_extract.pipeline.linking.rules import load_rules

# short texts name no reporting period; that warning is tested with the period resolver
pytestmark = pytest.mark.filterwarnings("ignore::kpi_extract.errors.PeriodWarning")

TEXTS = [
    "Revenue was RMB 2.13 billion, up 7.9% year-over-year.",
    "Net income was $5 million. It was up 10% year-over-year.",
    "Fulfillment costs and other costs were RMB 155.6 million and RMB 48.3 million, respectively.",
    "We bought back 12.3 million shares for $29.2 million.",
    "Proceeds from the sale of the business were $45 million.",
    "We expect revenue between $1.8 billion and $2.0 billion in the first quarter.",
]


def _links(nlp) -> list[list[tuple]]:
    keys = ("metric", "metric_text", "rule", "confidence", "role", "comparison", "segment", "adjusted", "value",
            "unit", "period_ref")
    return [[tuple(repr(v.get(k)) for k in keys) for v in nlp(t)._.kpi_values] for t in TEXTS]


def _custom() -> spacy.Language:
    """A pipeline whose linker has changed rules (a confidence) and cues (a target cue)."""
    nlp = kpi_extract.make_pipeline()
    linker = nlp.get_pipe("kpi_linker")
    data = lexicon.packaged("linking.json")
    for r in data["rules"]:
        if r["name"] == "carry_over":
            r["confidence"] = 0.45
    linker.set_rules(load_rules(data))
    linker.add_cues({"target": ["north star"]})
    return nlp


def _carried(nlp) -> float:
    return nlp(TEXTS[1])._.kpi_values[1]["confidence"]


def test_packaged_pipeline_round_trips_to_disk(tmp_path):
    nlp = kpi_extract.make_pipeline()
    nlp.to_disk(tmp_path / "pipe")
    assert sorted(p.name for p in (tmp_path / "pipe" / "kpi_linker").iterdir()) == ["cues.json", "rules.json"]
    assert _links(spacy.load(tmp_path / "pipe")) == _links(nlp)


def test_changed_rules_and_cues_survive_spacy_load(tmp_path):
    nlp = _custom()
    assert _carried(nlp) == 0.45
    nlp.to_disk(tmp_path / "pipe")
    loaded = spacy.load(tmp_path / "pipe")
    assert _carried(loaded) == 0.45
    assert _links(loaded) == _links(nlp)
    assert "north star" in loaded.get_pipe("kpi_linker").cues.data["target"]


def test_bytes_round_trip():
    nlp = _custom()
    fresh = kpi_extract.make_pipeline()
    fresh.get_pipe("kpi_linker").from_bytes(nlp.get_pipe("kpi_linker").to_bytes())
    assert _carried(fresh) == 0.45
    assert _links(fresh) == _links(nlp)


@pytest.mark.parametrize("exclude, carried, has_cue", [
    ([], 0.45, True),
    (["rules"], 0.5, True),
    (["cues"], 0.45, False),
    (["cues", "rules"], 0.5, False),
])
def test_exclude(tmp_path, exclude, carried, has_cue):
    linker = _custom().get_pipe("kpi_linker")
    linker.to_disk(tmp_path / "linker", exclude=exclude)
    for reload in ("disk", "bytes"):
        fresh = kpi_extract.make_pipeline()
        target = fresh.get_pipe("kpi_linker")
        if reload == "disk":
            target.from_disk(tmp_path / "linker")
        else:
            target.from_bytes(linker.to_bytes(exclude=exclude))
        assert _carried(fresh) == carried, reload
        assert ("north star" in target.cues.data["target"]) is has_cue, reload


def test_from_disk_without_files_keeps_the_packaged_data(tmp_path):
    """A pipeline saved before the linker saved its data loads with the packaged data."""
    fresh = kpi_extract.make_pipeline()
    before = copy.deepcopy(fresh.get_pipe("kpi_linker").rules.to_data())
    (tmp_path / "empty").mkdir()
    fresh.get_pipe("kpi_linker").from_disk(tmp_path / "empty")
    assert fresh.get_pipe("kpi_linker").rules.to_data() == before
    assert _links(fresh) == _links(kpi_extract.make_pipeline())
