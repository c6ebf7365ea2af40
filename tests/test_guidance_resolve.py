"""Issue 19: which guidance mention a call is kept for, which are none, prior outlooks
restated in a call, actuals that fit, and ``kpi-extract guidance --explain``.

The rules are read on sentences (:func:`read_mention`), then end to end on short fictional
calls through :func:`kpi_extract.extract` and the tracker.
"""
from __future__ import annotations

import warnings

import pandas as pd
import pytest

import kpi_extract
from kpi_extract.analysis.guidance_evidence import is_comparison_base, read_mention, settings
from kpi_extract.cli import main

ROW = {"comparison": None, "unit": "USD", "sentence": "", "period_text": None, "section": None}


@pytest.mark.parametrize("before, extra, is_range, recalled, kind, rule", [
    ("We expect revenue of ", {}, True, False, "guide", "range+company_cue"),
    ("For fiscal 2025, we now expect revenue of ", {"period_text": "fiscal 2025"}, True, False, "guide",
     "range+company_cue+now+stated_period"),
    ("Revenue is expected to be ", {}, False, False, "guide", "outlook_cue"),
    ("Our guidance calls for revenue of ", {"section": "prepared"}, False, False, "guide", "outlook_noun+prepared"),
    ("That compares to full-year 2023 adjusted revenue of ", {}, False, False, "not_guide", "comparison_base"),
    ("We expect revenue of $2 billion, compared to ", {}, False, False, "not_guide", "comparison_base"),
    ("We expect revenue of $2 billion, up from ", {}, False, False, "not_guide", "comparison_base"),
    ("We expect sales of $900 million, including a currency headwind of about ", {}, False, False, "not_guide",
     "impact"),
    ("We expect capital spending of $80 million, with a pension contribution of ", {}, False, False, "not_guide",
     "impact"),
    ("We now expect the acquired business to contribute between ", {"unit": "USD/share"}, True, False, "not_guide",
     "impact"),
    ("We expect EPS of $3.10, up ", {"unit": "USD/share"}, False, False, "not_guide", "increment"),
    ("We expect revenue growth, up ", {"unit": "percent", "comparison": "yoy"}, False, False, "guide",
     "company_cue"),
    ("Estimated revenue for the quarter of ", {}, False, True, "not_guide", "closed_period_estimate"),
    ("Sales for the quarter grew by ", {"unit": "percent", "comparison": "yoy"}, False, False, "not_guide", "result"),
    ("As we had expected, revenue came in at ", {}, False, False, "not_guide", "result"),
    ("Related revenues are estimated to have been approximately ", {}, False, False, "not_guide", "result"),
    ("Unit costs of $6.10 were higher than guidance of ", {"unit": "USD/barrel"}, False, True, "restated",
     "back_reference"),
    ("We expect capital spending of $90 million, including approximately ", {}, False, False, "not_guide", "part"),
    ("We are raising our EPS guidance by ", {"unit": "USD/share"}, False, False, "not_guide", "increment"),
    ("Lower volumes will result in a reduction of 2025 adjusted EBITDA of ", {}, True, False, "not_guide",
     "increment"),
    ("We expect an increase in capital spending of ", {}, False, False, "not_guide", "increment"),
    ("We are raising our guidance from a range of ", {}, True, False, "prior", "back_reference"),
    ("We are increasing expected cash flow from operations to a range of ", {}, True, False, "guide",
     "range+company_cue"),
    ("Growth should be 13%, above the high end of our original ", {"unit": "percent", "comparison": "yoy"}, True,
     False, "prior", "prior_word"),
    ("Growth compared with the previous year of ", {"unit": "percent", "comparison": "yoy"}, False, False,
     "not_guide", "comparison_base"),
    ("We had guided revenue for the quarter to ", {}, True, True, "guide", "range+company_cue"),
    ("We now expect EPS of $2.10 to $2.20, up from our prior range of ", {}, True, False, "prior", "back_reference"),
    ("Revenue should be $5 billion, versus the previously estimated ", {}, True, False, "prior", "prior_word"),
    ("Revenue should be $5 billion, versus our prior outlook of ", {}, True, False, "prior", "back_reference"),
    ("Revenue came in above the high end of our outlook of ", {}, True, True, "restated", "back_reference"),
    ("We now expect to come in at the lower end of the range of ", {}, True, False, "guide", "range+company_cue+now"),
    ("Compared to last year we now expect revenue of ", {}, False, False, "guide", "company_cue+now"),
    ("We now expect annual Oil and Gas segment revenue of ", {}, True, False, "not_guide", "segment"),
    ("We now expect annual Oil and Gas segment revenue of ", {"segment": "Oil and Gas"}, True, False, "guide",
     "range+company_cue+now"),
    ("Our Metals segment revenue is expected to be in the range of ", {}, True, False, "not_guide", "segment"),
    ("Metals segment sales will be about ", {}, False, False, "not_guide", "segment"),
    ("This includes $5 million for the Metals segment and capital spending is expected to be about ", {}, False,
     False, "guide", "outlook_cue"),
    ("Our Metals segment revenue is expected to be in the range of ", {"segment": "Metals"}, True, False, "guide",
     "range+company_cue"),
    ("These segment ranges support our outlook for annual revenue of ", {}, True, False, "guide",
     "range+outlook_noun"),
    ("Excluding the impact of currency, we expect revenue of ", {}, False, False, "guide", "company_cue"),
    ("Total revenue growth is expected within a range of ", {"unit": "percent", "comparison": "yoy"}, True, False,
     "guide", "range+outlook_cue+own_total"),
    ("Adjusted EPS is anticipated to be within a range of ", {"unit": "USD/share"}, True, False, "guide",
     "range+outlook_cue"),
    ("Revenue came in within the range of ", {}, True, True, "restated", "back_reference"),
    ("We expect adjusted EPS from continuing operations to be in the range of ", {"unit": "USD/share"}, True, False,
     "guide", "range+company_cue"),
    ("We remain within our EPS guidance range of ", {"unit": "USD/share"}, True, False, "guide",
     "range+company_cue+outlook_noun"),
    ("We see sales up high single digits versus 2024 and EBITDA to be between ", {}, True, False, "guide",
     "range+company_cue"),
    ("Sales should rise, with EBITDA up versus 2024 EBITDA of ", {}, False, False, "not_guide", "comparison_base"),
])
def test_read_mention(before, extra, is_range, recalled, kind, rule):
    row = {**ROW, "sentence": before + "$1 billion.", **extra}
    seen = read_mention(before, row, is_range=is_range, recalled=recalled)
    assert (seen.kind, seen.rule) == (kind, rule)


@pytest.mark.parametrize("before, after, kind, rule", [
    ("We are narrowing revenue growth from ", " to a new range of 5% to 6%.", "prior", "from_to"),
    ("We are raising EPS guidance from ", " to $2.20 to $2.30.", "prior", "from_to"),
    ("We are raising EPS guidance from ", ", to a range of $2.20 to $2.30.", "prior", "from_to"),
    ("We expect EPS to range from ", ".", "guide", "range+company_cue"),
    ("We expect EPS to range from ", " to reflect the new plant.", "guide", "range+company_cue"),
    ("At the consolidated level, we expect revenue of ", ".", "guide", "range+company_cue+total"),
    ("Overall, we expect revenue of ", ".", "guide", "range+company_cue+total"),
    ("We expect total revenue of ", ".", "guide", "range+company_cue+own_total"),
    # the whole's word in the value's own words only: a part said after the total's figure has none
    ("We expect total revenue of $80 million, with Harbor at ", ".", "guide", "range+company_cue"),
])
def test_the_range_after_and_total_words(before, after, kind, rule):
    seen = read_mention(before, {**ROW, "sentence": before + "$30 million to $35 million" + after}, is_range=True,
                        recalled=False, after=after)
    assert (seen.kind, seen.rule) == (kind, rule)


@pytest.mark.parametrize("before, after, rule", [
    ("We expect program revenue to be ", " lower than last year.", "increment"),
    ("We expect program revenue to be ", " higher than in 2024.", "increment"),
    ("We expect program revenue to be ", ", up 5% from last year.", "range+company_cue"),
    ("We expect revenue to be ", " for our legacy electric segment.", "segment"),
])
def test_a_change_word_after_a_money_level(before, after, rule):
    seen = read_mention(before, {**ROW, "sentence": before + "$30 million to $35 million" + after}, is_range=True,
                        recalled=False, after=after)
    assert seen.rule == rule


def test_evidence_is_the_sum_of_the_weights():
    w = settings()["weights"]
    seen = read_mention("For 2025, our guidance: we expect revenue of ",
                        {**ROW, "sentence": "For 2025, our guidance: we expect revenue of $1 billion to $2 billion.",
                         "period_text": "2025", "section": "prepared"}, is_range=True, recalled=False)
    assert seen.score == w["range"] + w["company_cue"] + w["outlook_noun"] + w["stated_period"] + w["prepared"]


@pytest.mark.parametrize("before, base", [
    ("compared to full-year 2023 adjusted revenue of ", True),
    ("versus ", True),
    ("up from ", True),
    ("as opposed to the ", True),
    ("revenue from continuing operations of ", False),
    ("we expect revenue of ", False),
    ("compared to last year, revenue of ", False),
])
def test_comparison_base(before, base):
    assert is_comparison_base(before) is base


def _calls(*texts: tuple[str, str, str]) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        frames = [kpi_extract.extract(t, doc_id=d, reporting_period=p) for d, p, t in texts]
    return pd.concat(frames, ignore_index=True)


OUTLOOK = "Operator: Welcome. CFO: Turning to the outlook. For fiscal 2025, we expect revenue of $400 million to $420 million."
QA = "CFO: Sure. Fiscal 2025 revenue would be around $380 million in a weaker market."


@pytest.mark.parametrize("texts, low, high, conflict", [
    # the outlook range beats a later point said in passing
    ([OUTLOOK, QA], 4.0e8, 4.2e8, True),
    # order does not matter
    ([QA, OUTLOOK], 4.0e8, 4.2e8, True),
    # an impact in the guide sentence is no guide of revenue
    (["For fiscal 2025, we expect revenue of $400 million to $420 million, including a currency headwind of "
      "$15 million."], 4.0e8, 4.2e8, False),
    # a comparison base in the guide sentence
    (["For fiscal 2025, we expect revenue of $400 million to $420 million, compared to fiscal 2024 revenue of "
      "$370 million."], 4.0e8, 4.2e8, False),
])
def test_the_call_keeps_its_best_evidenced_guide(texts, low, high, conflict):
    df = _calls(("acme_2024q4", "2024Q4", " ".join(texts)))
    t = kpi_extract.track_guidance(df)
    item = t[(t["metric"] == "revenue") & (t["unit"] == "USD") & (t["fiscal_year"] == 2025)]
    assert item[["latest_low", "latest_high", "conflict"]].values.tolist() == [[low, high, conflict]]


@pytest.mark.parametrize("sentence, revision, first", [
    ("For fiscal 2025, we now expect revenue of $420 million to $440 million, up from our prior range of "
     "$400 million to $420 million.", "raised", (4.0e8, 4.2e8)),
    ("For fiscal 2025, we now expect revenue of $400 million to $410 million, compared to our previous outlook of "
     "$400 million to $420 million.", "narrowed", (4.0e8, 4.2e8)),
    ("For fiscal 2025, we now expect revenue of $380 million to $390 million, down from our prior range of "
     "$400 million to $420 million.", "lowered", (4.0e8, 4.2e8)),
])
def test_a_prior_outlook_in_the_call_gives_its_revision(sentence, revision, first):
    t = kpi_extract.track_guidance(_calls(("acme_2025q2", "2025Q2", sentence)))
    item = t[(t["metric"] == "revenue") & (t["unit"] == "USD")].iloc[0]
    assert (item["last_revision"], (item["first_low"], item["first_high"]), item["n_revisions"]) == (
        revision, first, 1)
    h = kpi_extract.guidance_history(_calls(("acme_2025q2", "2025Q2", sentence)))
    assert h.loc[h["prior"], "final"].tolist() == [False]


@pytest.mark.parametrize("sentence, low, high", [
    ("For fiscal 2025, we expect EPS in the range of $0.90 to a $1.", 0.90, 1.0),
    ("For fiscal 2025, we expect EPS of about $0.90 to $1.00.", 0.90, 1.0),
    ("For fiscal 2025, we expect EPS of $0.90 to $1.00 per share.", 0.90, 1.0),
    ("For fiscal 2025, EPS guidance is $0.90 and to $1.00.", 0.90, 1.0),
    ("For fiscal 2025, we expect the EPS range to be $0.90 up to $1.00.", 0.90, 1.0),
])
def test_two_points_joined_by_to_are_one_range(sentence, low, high):
    t = kpi_extract.track_guidance(_calls(("acme_2024q4", "2024Q4", sentence)))
    item = t[t["metric"] == "eps"]
    assert item[["latest_low", "latest_high"]].values.tolist() == [[low, high]]


@pytest.mark.parametrize("sentence, metric, low, high", [
    ("For the first quarter, we expect revenue of $1.3 billion, plus or minus $20 million.", "revenue", 1.28e9, 1.32e9),
    ("For the first quarter, we expect EPS of $0.25, plus or minus $0.02.", "eps", 0.23, 0.27),
    ("For the first quarter, we expect EBITDA margin of 22.5%, plus or minus 50 basis points.", "ebitda_margin", 22.0, 23.0),
    ("For the first quarter, we expect revenue of $1.3 billion +/- $20 million.", "revenue", 1.28e9, 1.32e9),
])
def test_a_point_and_its_tolerance_are_one_range(sentence, metric, low, high):
    t = kpi_extract.track_guidance(_calls(("acme_2024q4", "2024Q4", sentence)))
    item = t[(t["metric"] == metric) & t["comparison"].isna()]
    assert item[["latest_low", "latest_high"]].values.tolist() == [[pytest.approx(low), pytest.approx(high)]]


def test_two_changes_said_with_their_change_nouns_are_one_range():
    t = kpi_extract.track_guidance(_calls(("acme_2024q4", "2024Q4", "For the first quarter of fiscal 2025, our revenue "
                                           "guidance is between a decline of 10% to a decline of 12%.")))
    item = t[(t["metric"] == "revenue") & (t["comparison"] == "yoy")]
    assert item[["latest_low", "latest_high"]].values.tolist() == [[-12.0, -10.0]]


@pytest.mark.parametrize("q4_text, actual", [
    # the year's figure closes it
    ("For fiscal 2025, revenue was $405 million.", 4.05e8),
    # a comparison figure with the year's period is never the actual
    ("Revenue for the fourth quarter grew, compared to fiscal 2025 revenue of $300 million.", None),
])
def test_actuals_that_fit(q4_text, actual):
    df = _calls(("acme_2025q1", "2025Q1", "For fiscal 2025, we expect revenue of $400 million to $420 million."),
                ("acme_2025q4", "2025Q4", q4_text))
    t = kpi_extract.track_guidance(df)
    item = t[(t["metric"] == "revenue") & (t["unit"] == "USD")].iloc[0]
    assert (None if pd.isna(item["actual"]) else item["actual"]) == actual


def test_cli_explain_prints_kept_and_competing_mentions(tmp_path, capsys):
    call = tmp_path / "acme_2024q4.txt"
    call.write_text("Acme Fourth Quarter 2024 Earnings Call. " + OUTLOOK + " " + QA + "\n", encoding="utf-8")
    assert main(["guidance", str(call), "--explain", "--company", "Acme"]) == 0
    out = capsys.readouterr().out
    assert "== acme_2024q4" in out and "(conflict)" in out
    kept = [line for line in out.splitlines() if line.lstrip().startswith("*")]
    assert any("$400.0m to $420.0m" in line and "range+company_cue" in line for line in kept), out
    assert any(line.lstrip().startswith("-") and "$380.0m" in line for line in out.splitlines()), out
