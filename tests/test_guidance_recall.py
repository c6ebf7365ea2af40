"""Issue 19: a guide recalled from an earlier call is the previous guide; a guide for the rest
of the year, or a saving, makes no item (``recall_cues``, ``rest_of_period_words``,
``savings_words`` in ``data/guidance.json``). Our own sentences, one case per line."""
from __future__ import annotations

import pytest

from kpi_extract.analysis.guidance_evidence import read_mention


def _seen(before: str, *, metric: str = "revenue", unit: str = "USD", after: str = "."):
    row = {"comparison": None, "unit": unit, "metric": metric, "sentence": before + "$5 million" + after,
           "period_text": None, "section": None, "segment": None}
    return read_mention(before, row, is_range=False, recalled=False, after=after)


@pytest.mark.parametrize("before, kind, rule", [
    ("Back in March, recall that we issued earnings per share guidance of ", "prior", "recalled"),
    ("You may recall that we guided revenue to approximately ", "prior", "recalled"),
    ("Back in January, we issued revenue guidance of ", "prior", "recalled"),
    ("For the remainder of the year, we project interest expense to be about ", "not_guide", "rest_of_year"),
    ("For the balance of the fiscal year, we expect capital expenditures of ", "not_guide", "rest_of_year"),
    ("These two changes will allow us to save, going forward, about ", "not_guide", "savings"),
])
def test_recalled_rest_of_year_and_savings(before, kind, rule):
    seen = _seen(before, metric="interest_expense")
    assert (seen.kind, seen.rule) == (kind, rule)


def test_a_value_said_for_the_rest_of_the_year_makes_no_item():
    seen = _seen("We expect interest expense of about ", metric="interest_expense", after=" for the rest of the year.")
    assert (seen.kind, seen.rule) == ("not_guide", "rest_of_year")


@pytest.mark.parametrize("before, metric, after", [
    ("As a reminder, we now expect revenue of ", "revenue", "."),                   # "now": the current guide
    ("For the full year, we project interest expense to be about ", "interest_expense", "."),
    ("We expect the program to deliver cost savings of about ", "cost_savings", "."),  # the savings are the metric
    ("We expect to save $2 million, and interest expense of about ", "interest_expense", "."),  # a number between
    ("We expect revenue of ", "revenue", " for the full year, and a stronger rest of the decade."),
    ("Based on our outlook for the balance of the year, we are raising our full-year guidance to ", "revenue", "."),
])
def test_a_current_guide_stays_a_guide(before, metric, after):
    assert _seen(before, metric=metric, after=after).kind == "guide"


@pytest.mark.parametrize("before, metric_text, segment", [
    ("Sales for Aero Group were a record $982 million, up ", "Sales", "Aero"),   # a group's figure
    ("Revenue for Industrial Solutions rose ", "Revenue", "Industrial Solutions"),
    ("Sales for the third quarter were up ", "Sales", None),                      # a period, no name
    ("Sales for Q3 were up ", "Sales", None),
    ("Revenue for our company was ", "Revenue", None),                            # lowercase: no name
    ("Sales were ", "Sales", None),
    ("Sales for Aero Group were a record $982 million, up ", "Sales for Aero Group", "Aero"),  # a widened metric phrase
])
def test_a_metric_for_a_named_part_is_that_parts(before, metric_text, segment):
    from kpi_extract.analysis.guidance_segments import segment_said

    assert segment_said(before, ".", (), 0, metric_text) == segment
