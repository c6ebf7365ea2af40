"""``kpi_linker`` saves its cues and rules (spaCy's serializers pattern): the same links
after ``to_disk`` / ``spacy.load`` and ``to_bytes`` / ``from_bytes``; ``exclude`` honoured."""
from __future__ import annotations

import copy
import json

import pytest
import spacy
from pandas.testing import assert_frame_equal

import kpi_extract
from kpi_extract import lexicon
from kpi_extract.errors import ConfigError, LexiconError

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
    return kpi_extract.make_pipeline(linking_rules=_rules_data(), extra_cues={"target": ["north star"]})


def _rules_data() -> dict:
    data = lexicon.packaged("linking.json")
    for r in data["rules"]:
        if r["name"] == "carry_over":
            r["confidence"] = 0.45
    return data


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


# ---------------------------------------------------------------- the options in nlp.config
FRAME_TEXT = " ".join(TEXTS[:2] + ["Revenue rocketed 20% to $3 million.", "Our north star is $1 billion of revenue."])


def _frame(nlp):
    return kpi_extract.extract(FRAME_TEXT, nlp=nlp, reporting_period="2022Q4")


@pytest.fixture(scope="module")
def configured_nlp():
    return kpi_extract.make_pipeline(linking_rules=_rules_data(),
                                     extra_cues={"change_up": ["rocketed"], "target": ["north star"]})


def test_the_linker_options_are_used(configured_nlp):
    df, plain = _frame(configured_nlp), _frame(kpi_extract.make_pipeline())
    assert 0.45 in df["confidence"].tolist() and 0.45 not in plain["confidence"].tolist()
    assert "target" in df["role"].tolist() and "target" not in plain["role"].tolist()
    assert (df["role"] == "change").sum() > (plain["role"] == "change").sum()


def test_a_linker_rebuilt_from_its_config_or_files_gives_the_same_frame(configured_nlp, tmp_path, rebuild):
    """``nlp.config`` records ``extra_cues`` and ``linking_rules``: a config rebuild keeps them."""
    assert_frame_equal(_frame(rebuild(configured_nlp, tmp_path)), _frame(configured_nlp))


def test_json_file_options_record_their_content(tmp_path):
    rules, cues = tmp_path / "rules.json", tmp_path / "cues.json"
    rules.write_text(json.dumps(_rules_data()), encoding="utf-8")
    cues.write_text(json.dumps({"target": ["north star"]}), encoding="utf-8")
    nlp = kpi_extract.make_pipeline(linking_rules=rules, extra_cues=str(cues))
    rules.unlink()
    cues.unlink()  # the config holds the content, not the paths
    rebuilt = spacy.util.load_model_from_config(nlp.config, auto_fill=True)
    assert _carried(rebuilt) == 0.45
    assert "north star" in rebuilt.get_pipe("kpi_linker").cues.data["target"]


@pytest.mark.parametrize("config, error, match", [
    ({"extra_cues": 42}, ConfigError, "extra_cues must be"),
    ({"linking_rules": ["preceding"]}, ConfigError, "linking_rules must be"),
    ({"linking_rules": {}}, LexiconError, "non-empty list"),
    ({"linking_rules": {"rules": [{"name": "nearest"}]}}, LexiconError, "unknown rule"),
    ({"extra_cues": {"change_up": "rocketed"}}, LexiconError, "change_up"),
])
def test_bad_linker_options_raise(config, error, match):
    with pytest.raises(error, match=match):
        kpi_extract.make_pipeline(**config)


def test_the_linker_has_no_post_build_setters():
    """One way to configure: the factory's settings (recorded in ``nlp.config``)."""
    linker = kpi_extract.make_pipeline().get_pipe("kpi_linker")
    assert not hasattr(linker, "set_rules") and not hasattr(linker, "add_cues")
