"""An amount per share whose earnings-per-share cue was said in an earlier sentence
(kpi_extract.document.share_carry), one line per sentence as many transcripts are written
(own sentences)."""
from __future__ import annotations

import pytest

import kpi_extract
from any_call_rows import na


def row(text: str, value_text: str):
    df = kpi_extract.extract(text, reporting_period="2021Q2")
    hit = df[df["value_text"] == value_text]
    assert len(hit), list(df["value_text"])
    return hit.iloc[0]


@pytest.mark.parametrize("text, value_text, metric, unit, adjusted, value", [
    ("Let me turn to earnings per share.\nWe generated $2.15 this quarter.", "$2.15", "eps", "USD/share", False, 2.15),
    ("Let me turn to adjusted earnings per share.\nWe generated $2.15 this quarter.", "$2.15", "eps", "USD/share",
     True, 2.15),
    ("Now to EPS on a non-GAAP basis.\nWe delivered $0.88 in the quarter.", "$0.88", "eps", "USD/share", True, 0.88),
    ("Next, our loss per share.\nIt came to $0.12 in the quarter.", "$0.12", "eps", "USD/share", False, -0.12),
    ("On earnings per share, we are pleased with the quarter.\nOur guidance range of $1.40 to $1.50 is unchanged.",
     "$1.40", "eps", "USD/share", False, 1.4),
    # a scaled amount, a row linked to another metric in between, an amount with its own phrase: no carry
    ("Let me turn to earnings per share.\nWe generated $2 million of savings.", "$2 million", None, "USD", False, 2e6),
    ("Earnings per share were $1.10.\nCapital expenditures were $40 million.\nWe paid $0.25 in the quarter.", "$0.25",
     None, "USD", False, 0.25),
    ("Let me turn to earnings per share.\nCorporate costs were $0.03 higher.", "$0.03", None, "USD", False, 0.03),
    # a cue too far back
    ("Let me turn to earnings per share.\n" + "We saw strong demand across every region and channel. " * 10
     + "\nWe generated $2.15 this quarter.", "$2.15", None, "USD", False, 2.15),
])
def test_share_cue_carry(text, value_text, metric, unit, adjusted, value):
    r = row(text, value_text)
    assert (na(r["metric"]), r["unit"], bool(r["adjusted"]), r["value"]) == (metric, unit, adjusted, pytest.approx(value))
