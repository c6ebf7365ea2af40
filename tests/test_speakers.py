"""Sections and speakers (kpi_extract.document.speakers) and their columns: own short fixtures."""
from __future__ import annotations

import warnings

import pandas as pd
import pytest

import kpi_extract
from kpi_extract.document.speakers import SpeakerReader, read_speakers
from kpi_extract.schema import SCHEMA


def _cells(text: str, needle: str) -> tuple[str | None, str | None]:
    at = read_speakers(text).at(text.index(needle))
    return at["section"], at["speaker_role"]


OPERATOR_HEADER = ("Operator\nWelcome to the Acme call. I will turn the call over to Jane Doe.\n"
                   "Jane Doe - Chief Financial Officer\nRevenue was $10 million.\n"
                   "Question-and-Answer Session\nOperator\nOur first question comes from Bob Roe with Big Bank.\n"
                   "Bob Roe\nIs $12 million right for next year?\nJane Doe\nWe expect $11 million.\n")
INLINE = ("Operator: Welcome to the Acme call.\nJane Doe -- CFO: Revenue was $10 million.\n"
          "Operator: We will now begin the question-and-answer session. Our first question is from Bob Roe.\n"
          "Bob Roe: Is $12 million right for next year?\nJane Doe: We expect $11 million.\n")
ROSTER = ("Company Participants\nJane Doe - Chief Financial Officer\nConference Call Participants\n"
          "Bob Roe - Big Bank\nPresentation\nOperator\nWelcome.\nJane Doe\nRevenue was $10 million.\n"
          "Questions and Answers:\nBob Roe\nIs $12 million right?\nJane Doe\nWe expect $11 million.\n")
TITLED = ("Prepared Remarks:\nJane Doe -- Chief Financial Officer\nRevenue was $10 million.\n"
          "Questions and Answers:\nBob Roe -- Big Bank -- Analyst\nIs $12 million right?\n"
          "Jane Doe -- Chief Financial Officer\nWe expect $11 million.\n")
PARAGRAPHS = ("Good day and welcome to the Acme call. [Operator Instructions] I would now like to hand the "
              "conference over to Jane Doe. Please go ahead.\n"
              "Thank you, operator. Revenue was $10 million.\n"
              "[Operator Instructions] We'll now take our first question. This is from the line of Bob Roe from Big Bank.\n"
              "I have one question. Is $12 million right for next year?\n"
              "We expect $11 million, and we remain confident.\n")
UNLABELLED_ANSWER = ("Operator: Welcome to the Acme call.\nJane Doe -- CFO: Revenue was $10 million.\n"
                     "Operator: We will now begin the question-and-answer session. Our first question is from Bob Roe.\n"
                     "Bob Roe -- Analyst: Is $12 million right for next year?\n"
                     "Sure. We expect $11 million.\n"
                     "Operator: Next, Ann Kim.\nAnn Kim -- Analyst: Two parts. First, is 5% fair.\n"
                     "And second, is $3 million fair?\nJane Doe -- CFO: Yes, $3 million.\n")
ECTSUM_LIKE = ("Thank you and good morning. Revenue was $10 million, up 5%.\n"
               "Before we open the call to questions, a word on the outlook: we expect $11 million.\n")


@pytest.mark.parametrize("text, needle, expected", [
    (OPERATOR_HEADER, "Welcome", ("prepared", "operator")),        # a line holding only "Operator"
    (OPERATOR_HEADER, "$10 million", ("prepared", "company")),     # name -- title line, an executive
    (OPERATOR_HEADER, "Our first", ("qa", "operator")),            # the section header opens the Q&A
    (OPERATOR_HEADER, "$12 million", ("qa", "analyst")),           # unknown, right after the operator in the Q&A
    (OPERATOR_HEADER, "$11 million", ("qa", "company")),           # a prepared-remarks speaker answers
    (INLINE, "$10 million", ("prepared", "company")),              # "Name -- Title: text"
    (INLINE, "We will now", ("qa", "operator")),                   # the operator opens the Q&A
    (INLINE, "$12 million", ("qa", "analyst")),                    # "Name: text" after the operator
    (INLINE, "$11 million", ("qa", "company")),
    (ROSTER, "$10 million", ("prepared", "company")),              # listed under company participants
    (ROSTER, "$12 million", ("qa", "analyst")),                    # listed under call participants
    (ROSTER, "$11 million", ("qa", "company")),
    (TITLED, "$12 million", ("qa", "analyst")),                    # "-- Analyst" in the title line
    (TITLED, "$11 million", ("qa", "company")),
    (PARAGRAPHS, "Good day", ("prepared", "operator")),            # no speaker lines: opening up to the hand-over
    (PARAGRAPHS, "$10 million", ("prepared", "company")),          # after the hand-over
    (PARAGRAPHS, "We'll now", ("qa", "operator")),                 # "[Operator Instructions] ... first question"
    (PARAGRAPHS, "$12 million", ("qa", "analyst")),                # the question right after the operator
    (PARAGRAPHS, "$11 million", ("qa", None)),                     # the answer: nothing says who
    (UNLABELLED_ANSWER, "$12 million", ("qa", "analyst")),         # the question
    (UNLABELLED_ANSWER, "$11 million", ("qa", None)),              # an answer without its speaker line
    (UNLABELLED_ANSWER, "5%", ("qa", "analyst")),                  # a question of two paragraphs stays the analyst's
    (UNLABELLED_ANSWER, "$3 million fair", ("qa", "analyst")),
    (UNLABELLED_ANSWER, "Yes, $3 million", ("qa", "company")),
    (ECTSUM_LIKE, "$10 million", (None, None)),                    # "before we open ...": no structure
    ("Revenue was $10 million, up 5% from a year ago.", "$10", (None, None)),   # a plain paragraph
    ("Total Revenue: $10 million\nNet Income: $2 million\n", "$2", (None, None)),  # labels that are no speakers
    ("John Smith, thank you. Revenue was $10 million.\nJane Doe, please go on.\n", "$10", (None, None)),
])
def test_turns(text: str, needle: str, expected: tuple[str | None, str | None]) -> None:
    assert _cells(text, needle) == expected


def test_last_line_opening_the_qa_makes_the_rest_prepared() -> None:
    text = "Thank you. Revenue was $10 million.\nWith that, we will now open the call to questions.\n"
    assert _cells(text, "$10") == ("prepared", None)


def test_cue_words_are_data() -> None:
    reader = SpeakerReader({"sections": {"headers": {"qa": ["audience questions"]}}})
    text = "Operator\nWelcome.\nJane Doe - CEO\nRevenue was $10 million.\nAudience Questions\nJane Doe\n$11 million.\n"
    assert reader(text).at(text.index("$11"))["section"] == "qa"
    assert read_speakers(text).at(text.index("$11"))["section"] is None


def test_columns_are_categories_after_company() -> None:
    names = list(SCHEMA.names)
    assert names[names.index("company") + 1: names.index("company") + 3] == ["section", "speaker_role"]
    assert list(SCHEMA.dtypes["section"].categories) == ["prepared", "qa"]
    assert list(SCHEMA.dtypes["speaker_role"].categories) == ["company", "analyst", "operator"]


CALL = """Acme Corp Fourth Quarter 2023 Earnings Call
Operator
Good afternoon and welcome to the Acme Corp fourth quarter 2023 earnings conference call. I would now like to turn the call over to Jane Doe, Chief Financial Officer.
Jane Doe -- Chief Financial Officer
Thank you. Revenue for the fourth quarter was $1.2 billion, up 10% year over year. For the full year 2024, we expect revenue of $4.8 billion.
Questions and Answers:
Operator
Our first question comes from Bob Smith with Big Bank.
Bob Smith -- Big Bank -- Analyst
Thanks. Revenue was $1.3 billion last quarter, right? On the outlook, is revenue of $5 billion the right number for next year?
Jane Doe -- Chief Financial Officer
We expect revenue of $4.8 billion for the full year 2024.
Bob Smith -- Big Bank -- Analyst
So we should not expect revenue of $5 billion for the full year 2024?
"""


@pytest.fixture(scope="module")
def call() -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return kpi_extract.extract(CALL, doc_id="acme")


def test_analyst_rows_keep_their_row(call: pd.DataFrame) -> None:
    analyst = call[call["speaker_role"] == "analyst"]
    assert sorted(analyst["value"]) == [1.3e9, 5e9, 5e9]
    assert set(analyst["section"]) == {"qa"}
    assert (call.loc[call["value_text"] == "$1.2 billion", "speaker_role"] == "company").all()


def test_analyst_number_is_no_guide(call: pd.DataFrame) -> None:
    assert (call.loc[call["value"] == 5e9, "role"] == "guidance").all()  # the pipeline reads it as an outlook
    track = kpi_extract.track_guidance(call)
    assert track[["latest_low", "latest_high"]].values.tolist() == [[4.8e9, 4.8e9]]
    assert set(kpi_extract.guidance_history(call)["low"]) == {4.8e9}
    old = call.drop(columns=["speaker_role"])  # a frame saved before the column: the analyst's number competes
    assert set(kpi_extract.guidance_history(old)["low"]) == {4.8e9, 5e9}
    assert kpi_extract.track_guidance(old)["latest_low"].tolist() == [4.8e9]  # the company's outlook has more evidence


def test_analyst_number_is_no_table_cell(call: pd.DataFrame) -> None:
    assert list(call.kpi.table().columns) == ["2023 Q4"]
    assert list(call.drop(columns=["speaker_role"]).kpi.table().columns) == ["2023 Q3", "2023 Q4"]


def test_filing_sentence_has_no_speaker() -> None:
    df = kpi_extract.extract("Net sales increased 12% to $3.4 billion in fiscal 2023.", reporting_period="2023FY")
    assert df["section"].isna().all() and df["speaker_role"].isna().all()


def test_windows_line_endings_keep_sections_and_speakers():
    from kpi_extract.document.speakers import read_speakers
    text = ("Operator\nGood day, and welcome to the call.\nJane Doe -- Chief Financial Officer\n"
            "Revenue was $5 million.\nQuestion-and-Answer Session\nOperator\nOur first question.\n")
    unix = read_speakers(text)
    windows = read_speakers(text.replace("\n", "\r\n"))
    assert [(t.role, t.section) for t in windows.turns] == [(t.role, t.section) for t in unix.turns]
    assert any(t.section == "qa" for t in windows.turns)
