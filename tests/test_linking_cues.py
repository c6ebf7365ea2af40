"""The linker's cue lists are data (``data/cues.json``): loaded by ``Cues``, extended by
``extra`` / ``make_pipeline(extra_cues=...)``, saved and loaded with the pipeline."""
from __future__ import annotations

import pytest
import spacy

import kpi_extract
from kpi_extract import lexicon
from kpi_extract.errors import LexiconError
from kpi_extract.pipeline.linking.cues import Cues

ROCKETED = "Revenue rocketed 5% to $4 million."
NORTH_STAR = "Our north star is revenue of $5 billion."


def _without(key: str) -> dict:
    data = lexicon.packaged("cues.json")
    del data[key]
    return data


def _with(key: str, value: object) -> dict:
    return {**lexicon.packaged("cues.json"), key: value}


@pytest.mark.parametrize("data, message", [
    (_without("copulas"), "lacks copulas"),
    (_without("year_token"), "lacks year_token"),
    (_with("hard_stops", "was were"), "hard_stops: Input should be a valid list"),
    (_with("list_words", ["and", 3]), r"list_words\[1\]: Input should be a valid string"),
    (_with("open_links_after", ["of", " "]), r"open_links_after\[1\]: a word or phrase must not be blank"),
    (_with("verb_form", "[a-z"), "verb_form is not a valid regular expression"),
    (_with("not_guidance", ["as expected"]), "not_guidance: Input should be a valid string"),
    (_with("target_year", "(?:19|20"), "target_year is not a valid"),
])
def test_bad_cues(data, message):
    with pytest.raises(LexiconError, match=message):
        Cues(data)


@pytest.mark.parametrize("attribute, word", [
    ("list_words", "plus"),
    ("record_verbs", "booked"),
    ("copulas", "totaled"),
    ("hard_stops", "million"),
    ("earnings_words", "eps"),
    ("compare_words", "vs."),
    ("wide_openers", "excluding"),
    ("clause_breaks", ";"),
    ("breaks", ":"),
    ("determiners", "their"),
    ("segment_determiners", "our"),
    ("total_words", "group"),
    ("topic_reset_words", "consolidated"),
])
def test_packaged_word_lists(attribute, word):
    assert word in getattr(Cues(), attribute)


@pytest.mark.parametrize("attribute, text, matches", [
    ("year_token", "2019", True),
    ("year_token", "1899", False),
    ("verb_form", "capitalized", True),
    ("verb_form", "red", False),
    ("not_guidance", "came in ahead of expectations", True),
    ("not_guidance", "we expect growth", False),
    ("not_guidance", "our expectation of a margin", False),
    ("not_guidance", "ahead of our expectations", True),
    ("not_guidance", "near the high end of the range of our outlook for", True),
    ("target", "by the end of fiscal 2025", True),
    ("target", "we expect growth", False),
])
def test_packaged_patterns(attribute, text, matches):
    assert bool(getattr(Cues(), attribute).search(text)) is matches


def test_extra_extends_without_touching_the_packaged_data():
    cues = Cues(extra={"change_up": ["rocketed"], "open_links_last": ["toward"]})
    assert "rocketed" in cues.change and "increased" in cues.change
    assert cues.open_links_last == (("for",), ("from",), ("toward",))
    assert "rocketed" not in Cues().change


def _rocketed(nlp) -> tuple:
    v = [v for v in nlp(ROCKETED)._.kpi_values if v["unit"] == "percent"][0]
    return v.get("metric"), v.get("role")


def test_added_cue_changes_the_link():
    assert _rocketed(kpi_extract.make_pipeline()) == (None, "actual")
    assert _rocketed(kpi_extract.make_pipeline(extra_cues={"change_up": ["rocketed"]})) == ("revenue", "change")


def test_changed_cue_survives_to_disk_and_spacy_load(tmp_path):
    nlp = kpi_extract.make_pipeline(extra_cues={"change_up": ["rocketed"], "target": ["north star"]})
    nlp.to_disk(tmp_path / "pipe")
    assert (tmp_path / "pipe" / "kpi_linker" / "cues.json").exists()
    loaded = spacy.load(tmp_path / "pipe")
    assert _rocketed(loaded) == ("revenue", "change")
    assert [v["role"] for v in loaded(NORTH_STAR)._.kpi_values] == ["target"]
    assert [v["role"] for v in kpi_extract.make_pipeline()(NORTH_STAR)._.kpi_values] == ["actual"]


T_TOTAL = "Moving on to public cloud services. In the fourth quarter of 2022, companywide revenue was $5 million."
T_RESET = "Moving on to public cloud services. Companywide, we did well. Revenue was $5 million."
T_TURN = "Turning to these public cloud services. Revenue was $5 million."
T_BOOKED = "Approximately $15 million was recorded in these research and development expenses."


@pytest.mark.parametrize("extra, text, expected", [
    (None, T_TOTAL, ("revenue", "public cloud services")),
    ({"total_words": ["companywide"]}, T_TOTAL, ("revenue", None)),          # a total: not the topic's segment
    ({"topic_reset_words": ["companywide"]}, T_TOTAL, ("revenue", "public cloud services")),  # not in the first words
    (None, T_RESET, ("revenue", "public cloud services")),
    ({"topic_reset_words": ["companywide"]}, T_RESET, ("revenue", None)),    # the sentence ends the topic
    ({"total_words": ["companywide"]}, T_RESET, ("revenue", "public cloud services")),
    (None, T_TURN, ("revenue", None)),
    ({"segment_determiners": ["these"]}, T_TURN, ("revenue", "public cloud services")),
    (None, T_BOOKED, (None, None)),
    ({"determiners": ["these"]}, T_BOOKED, ("rd_expenses", None)),
])
def test_determiner_and_total_lists_drive_the_linker(extra, text, expected):
    nlp = kpi_extract.make_pipeline(extra_segments=["public cloud services"], extra_cues=extra)
    assert [(v.get("metric"), v.get("segment")) for v in nlp(text)._.kpi_values] == [expected]
