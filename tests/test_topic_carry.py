"""A segment topic carried past its paragraph (kpi_extract.document.topic_carry): each case
one line per sentence, as transcripts often write them."""
from __future__ import annotations

import pandas as pd
import pytest

import kpi_extract
from kpi_extract.document.topic_carry import topic_turns

HEAD = "We report two segments, Harbor Services and Delta Systems.\nTotal revenue was $9 billion in the quarter.\n"


def _segment(text: str, value_text: str) -> str | None:
    df = kpi_extract.extract(HEAD + text, reporting_period="2025Q2")
    hits = df[df["value_text"] == value_text]
    assert len(hits) == 1, df[["value_text", "metric", "segment"]]
    seg = hits["segment"].iloc[0]
    return None if pd.isna(seg) else seg


@pytest.mark.parametrize("text, value_text, segment", [
    # a turn at a sentence's start carries to the lines after it
    ("Now moving to our Harbor Services business.\nRevenue was $1.9 billion.\nOrganic revenue growth was 2%.",
     "2%", "Harbor Services"),
    ("Turning to Delta Systems.\nRevenue was $2.3 billion.\nSegment operating margin was 5.8%.", "5.8%",
     "Delta Systems"),
    # a turn said at the end of a sentence
    ("Let me break down our results, starting with Delta Systems.\nRevenue was $2.3 billion.", "$2.3 billion",
     "Delta Systems"),
    # a frame closed by a comma
    ("In our Harbor Services segment, demand was strong.\nRevenue grew 7%.", "7%", "Harbor Services"),
    # a later turn to another segment wins
    ("Turning to Harbor Services.\nRevenue was $1.9 billion.\nTurning to Delta Systems.\nRevenue was $2.3 billion.",
     "$2.3 billion", "Delta Systems"),
    # a turn to another topic, or a whole-company sentence, ends it
    ("Turning to Harbor Services.\nRevenue was $1.9 billion.\nTurning to the balance sheet.\nRevenue was $4.4 "
     "billion for the year.", "$4.4 billion", None),
    ("Turning to Harbor Services.\nRevenue was $1.9 billion.\nTotal company revenue grew 3%.", "3%", None),
    # a part named before the metric, and whole-company metrics, keep no topic
    ("Turning to Harbor Services.\nRevenue was $1.9 billion.\nCloud hosting revenue was $400 million.",
     "$400 million", None),
    ("Turning to Harbor Services.\nRevenue was $1.9 billion.\nEarnings per share were $1.10.", "$1.10", None),
    # no turn: no topic
    ("Revenue was $1.9 billion.\nOrganic revenue growth was 2%.", "2%", None),
])
def test_a_segment_topic_carries_past_its_line(text, value_text, segment):
    assert _segment(text, value_text) == segment


def test_the_topic_ends_far_from_its_turn():
    filler = "We continue to invest in our people and our platform for the long term.\n" * 20
    assert _segment("Turning to Harbor Services.\n" + filler + "Revenue was $1.9 billion.", "$1.9 billion") is None


@pytest.mark.parametrize("text, turns", [
    ("Turning to Harbor Services.\nRevenue was $1.", ["Harbor Services"]),
    ("Turning to the balance sheet.", [None]),
    ("Overall, revenue was $5.", [None]),
    ("Revenue in Europe was $5.", []),
])
def test_topic_turns(text, turns):
    assert [t[2] for t in topic_turns(text, ["Harbor Services"])] == turns
