"""The document-level outlook carry: a sentence without a figure that announces the period
of the guidance after it (kpi_extract.document.outlook), carried across the lines the
pipeline leaves out (kpi_extract.run.documents.carry_guidance_periods). Own sentences."""
from __future__ import annotations

import pandas as pd
import pytest

import kpi_extract
from kpi_extract.document.outlook import OutlookReader, read_outlooks
from kpi_extract.run.documents import GUIDANCE_CARRY_CHARS

READER = OutlookReader()


@pytest.mark.parametrize("sentence, words", [
    ("Turning to our outlook for fiscal 2024.", "fiscal 2024"),
    ("Now, let's discuss our initial outlook for 2025.", "2025"),
    ("Turning to the full year 2023.", "full year 2023"),
    ("For the full year, we now expect the following:", "the full year"),
    ("Moving on to our guidance for the second quarter.", "the second quarter"),
    ("So now turning to slide 9, which is our consolidated 2024 outlook.", "2024"),
    ("I'll now turn to our expectations for the remainder of 2023.", "2023"),
    # a figure: the linker reads the sentence itself
    ("For the full year, we expect revenue of $40 million.", None),
    ("Turning to our outlook, we expect growth of 5% in 2024.", None),
    # two periods: no one period announced
    ("After a strong third quarter, we are raising our full year guidance.", None),
    # a period said inside other talk, not announced
    ("Higher freight costs are expected to weigh on margins in the first half of 2024.", None),
    ("Our forecast does not include any change in demand during the first half.", None),
    # two dates: no one period
    ("Our guidance runs to September 30 and December 31.", None),
    # no outlook word and no topic cue
    ("The full year 2023 was a record.", None),
    # a period opening the sentence before a comma is announced, whatever else is said later
    ("For the year, we are reaffirming the guidance we gave on our first quarter call.", "For the year"),
    ("And for the full year, we now expect growth despite the fourth quarter.", "the full year"),
    ("The third quarter, we expect, will be weak versus the first quarter.", None),
    ("In the third quarter, sales were strong versus the first quarter.", None),
])
def test_reader(sentence, words):
    found = READER(sentence)
    if words is None:
        assert found == []
    else:
        assert len(found) == 1 and words in found[0].text, found


def test_read_outlooks_offsets():
    text = "Revenue was $5 million.\nTurning to our outlook for fiscal 2024.\n"
    (st,) = read_outlooks(text)
    assert text[st.start:st.end] == "Turning to our outlook for fiscal 2024."


# a line without a figure between the statement and the guidance: the pipeline leaves it out
GAP = "We remain confident in our strategy and our teams.\n"
Q1_THEN_FY = ("For the first quarter, we expect revenue of $52 million to $55 million.\n"
              "Turning to the full year 2023.\n" + GAP + "We project earnings per share of $2.10 to $2.30.\n")


@pytest.mark.parametrize("text, period, value_text, year, fiscal_period", [
    # the statement's period reaches guidance lines after a line without a figure
    ("Turning to our outlook for fiscal 2023.\n" + GAP + "We expect revenue of $200 million to $210 million.\n",
     "2022Q4", "$200 million", 2023, "FY"),
    ("For the full year, we now expect the following:\n" + GAP + "Capital expenditures of $30 million to $35 million.\n",
     "2022Q2", "$35 million", 2022, "FY"),
    ("Moving on to our guidance for the third quarter.\n" + GAP + "We expect revenue of $60 million to $64 million.\n",
     "2022Q2", "$60 million", 2022, "Q3"),
    # ... and ends the carry of an earlier quarter's guidance
    (Q1_THEN_FY, "2022Q4", "$2.10", 2023, "FY"),
    (Q1_THEN_FY, "2022Q4", "$52 million", 2023, "Q1"),
    # a past period is no outlook statement: the guidance keeps the default year
    ("Our second quarter results were better than we anticipated.\n" + GAP
     + "We expect revenue of $200 million to $210 million.\n", "2022Q2", "$200 million", 2022, "FY"),
    # the guidance's own period wins over the statement's
    ("Turning to our outlook for fiscal 2023.\n" + GAP + "For the first quarter, we expect revenue of $50 million.\n",
     "2022Q4", "$50 million", 2023, "Q1"),
    # an actual keeps the reported quarter
    ("Turning to our outlook for fiscal 2023.\n" + GAP + "Revenue was $48 million.\n", "2022Q4", "$48 million",
     2022, "Q4"),
    # a guide that names no metric starts no carry ("... 60% of our earnings are expected in the second half")
    ("We expect earnings per share of $0.40 to $0.45 in the second quarter, with about 60% of full-year earnings "
     "expected in the second half.\n" + GAP + "We now expect earnings per share of $1.90 to $2.10.\n", "2022Q1",
     "$1.90", 2022, "FY"),
])
def test_carry(text, period, value_text, year, fiscal_period):
    df = kpi_extract.extract(text, reporting_period=period)
    row = df[df["value_text"] == value_text]
    assert len(row), df["value_text"].tolist()
    row = row.iloc[0]
    assert (row["fiscal_year"], row["fiscal_period"]) == (year, fiscal_period), row.to_dict()


def test_carry_reach():
    """Past GUIDANCE_CARRY_CHARS of text the statement no longer carries."""
    far = GAP * (GUIDANCE_CARRY_CHARS // len(GAP) + 2)
    df = kpi_extract.extract("Moving on to our guidance for the third quarter.\n" + far
                             + "We expect revenue of $60 million to $64 million.\n", reporting_period="2022Q2")
    row = df[df["value_text"] == "$60 million"].iloc[0]
    assert (row["fiscal_year"], row["fiscal_period"]) == (2022, "FY")
    assert pd.isna(row["period_text"])


@pytest.mark.parametrize("sentence, year", [
    # a year said as a modifier and "the full year" name one period
    ("Looking at the full year, I'll update our 2023 guidance.", 2023),
    ("For the full year, our 2024 outlook is unchanged.", 2024),
])
def test_reader_one_year_two_ways(sentence, year):
    (st,) = READER(sentence)
    assert st.ref == {"y": year, "p": "FY"}


def test_statement_reach_does_not_chain():
    """A statement reaches GUIDANCE_CARRY_CHARS past itself; the guidance it gave a period
    does not carry that period further (an agenda line at the opening names next year's
    guidance long before this year's)."""
    near = "We expect revenue growth of 3% to 4%.\n"
    far = GAP * (GUIDANCE_CARRY_CHARS // len(GAP) - 1)
    text = "Finally, I will wrap up with our 2023 guidance.\n" + far + near + GAP * 2 \
        + "We expect earnings per share of $2.10 to $2.30.\n"
    df = kpi_extract.extract(text, reporting_period="2022Q3")
    rows = df.set_index("value_text")
    assert (rows.at["3%", "fiscal_year"], rows.at["3%", "fiscal_period"]) == (2023, "FY")
    assert pd.isna(rows.at["$2.10", "period_text"]) and rows.at["$2.10", "fiscal_year"] == 2022
