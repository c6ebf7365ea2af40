"""The company a document is about: :func:`kpi_extract.document.company.read_company` on short
openings of our own, and the ``company`` column (caller's name, per-document dict items,
worker processes)."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import kpi_extract
from kpi_extract.document.company import CompanyReader, read_company
from kpi_extract.errors import ConfigError, DocumentWarning, InputTypeError

SEED = Path(__file__).resolve().parents[1] / "fixtures" / "kingsoft_cloud_2022q4.txt"

pytestmark = pytest.mark.filterwarnings("ignore::kpi_extract.errors.PeriodWarning")

READ = [
    # opening, the company read from it
    ("Welcome to the Acme Corporation Fourth Quarter 2022 Earnings Conference Call.", "Acme Corporation"),
    ("Good day, and welcome to the Acme Fourth Quarter 2022 Earnings Call.", "Acme"),
    ("Good morning and welcome to Acme's first quarter results.", "Acme"),
    ("Thank you for joining us for Acme's third quarter call.", "Acme"),
    ("Thank you for joining Globex’s fiscal 2023 second quarter conference call.", "Globex"),
    ("With me is Sam Lee, Head of Investor Relations at Acme.", "Acme"),
    ("I'm Jane Doe, Vice President of Investor Relations for Acme Inc. With me today are our CEO and CFO.",
     "Acme Inc."),
    ("I'm Jane Doe, Investor Relations for Acme, and with me is our CEO.", "Acme"),
    ("Acme Q3 2021 earnings call", "Acme"),
    ("Initech N.V. Q3 2021 earnings call", "Initech N.V."),
    ("Hooli plc Full Year 2022 Results Call", "Hooli plc"),
    ("Welcome to the Fourth Quarter 2022 Acme Earnings Call.", "Acme"),
    ("Welcome To The Procter & Gamble Q2 Call.", "Procter & Gamble"),  # "Q2 Call": no call noun, the welcome cue
    ("Welcome to the Bank of Springfield Q1 2023 earnings call.", "Bank of Springfield"),
    ("Welcome to the Smith and Jones Holdings Second-Quarter Earnings Call.", "Smith and Jones Holdings"),
    ("WELCOME TO THE ACME THIRD QUARTER 2021 EARNINGS CALL", "ACME"),
    ("Operator: Hello.\nAcme Corp. fourth quarter 2022 earnings call\nJane Doe: Thank you.", "Acme Corp."),
    # no cue, or a cue naming no company: never a guess
    ("Revenue was $5 million, up 7% year over year.", None),
    ("Welcome to today's call.", None),
    ("Welcome to the third quarter 2022 earnings call.", None),
    ("Thank you for joining us for the conference call.", None),
    ("Welcome everyone to our Investor Day.", None),
    ("Thanks for joining the Q4 2022 earnings call.", None),
    ("We thank the Board of Directors for joining us for this earnings call.", None),
    ("", None),
]


@pytest.mark.parametrize("opening, company", READ, ids=[c[0][:40] or "empty" for c in READ])
def test_read_company(opening, company):
    assert read_company(opening) == company


def test_only_the_opening_is_read():
    late = "Revenue grew 5%. " * 300 + "Welcome to the Acme Fourth Quarter 2022 Earnings Call."
    assert len(late) > 3000
    assert read_company(late) is None
    assert read_company(late[-60:]) == "Acme"


def test_the_earliest_name_wins():
    assert read_company("Welcome to the Acme Q3 call. I'm Jo, Investor Relations at Globex.") == "Acme"


def test_cues_are_extendable():
    text = "Greetings from the Acme Q3 2021 update."
    assert read_company(text) is None
    assert CompanyReader({"company_cues": {"before": ["greetings from"]}})(text) == "Acme"


def test_seed_fixture():
    assert read_company(SEED.read_bytes().decode("utf-8")) == "Kingsoft Cloud"


# ---------------------------------------------------------------- the column
CALL = "Welcome to the Acme Fourth Quarter 2022 Earnings Call.\nRevenue was $5 million, up 7% year over year.\n"
PLAIN = "Revenue was $8 million, up 3% year over year.\n"


def companies(df):
    """doc_id -> the distinct companies of its rows (``None`` for <NA>), in input order."""
    return {d: [None if pd.isna(v) else v for v in g.unique()] for d, g in df.groupby("doc_id", sort=False)["company"]}


def test_extract_reads_the_company_from_the_text():
    df = kpi_extract.extract(CALL)
    assert list(df["company"].unique()) == ["Acme"] and len(df) == 2
    assert kpi_extract.extract(PLAIN)["company"].isna().all()


def test_the_callers_company_wins():
    assert list(kpi_extract.extract(CALL, company="Globex Inc.")["company"].unique()) == ["Globex Inc."]


@pytest.mark.parametrize("n_process", [1, 2])
def test_extract_many_per_document_company(n_process):
    items = [CALL, ("plain", PLAIN), {"text": PLAIN, "doc_id": "own", "company": "Initech"},
             {"text": CALL, "doc_id": "given"}]
    df = kpi_extract.extract_many(items, n_process=n_process, progress=False)
    got = companies(df)
    assert list(got.values()) == [["Acme"], [None], ["Initech"], ["Acme"]]
    df = kpi_extract.extract_many(items, company="Globex", n_process=n_process, progress=False)
    assert list(companies(df).values()) == [["Globex"], ["Globex"], ["Initech"], ["Globex"]]


@pytest.mark.parametrize("item, message", [
    ({"doc_id": "x"}, "no 'text'"),
    ({"text": PLAIN, "date": "2023-01-01"}, "unknown key(s) 'date'"),
    ({"text": PLAIN, "company": 3}, "company of item 0"),
    ({"text": PLAIN, "company": " "}, "company of item 0"),
    ({"text": b"bytes"}, "text of item 0"),
])
def test_a_bad_dict_item(item, message):
    with pytest.raises(InputTypeError, match=message.replace("(", r"\(").replace(")", r"\)")):
        kpi_extract.extract_many([item], progress=False)
    with pytest.warns(DocumentWarning, match="item 0|'x'"):
        df = kpi_extract.extract_many([item, ("ok", PLAIN)], progress=False, on_error="warn")
    assert list(df["doc_id"].unique()) == ["ok"]


@pytest.mark.parametrize("company", [3, "", "  ", ["Acme"]])
def test_a_bad_company_option(company):
    with pytest.raises(ConfigError, match="company must be"):
        kpi_extract.extract(PLAIN, company=company)
    with pytest.raises(ConfigError, match="company must be"):
        kpi_extract.extract_many([PLAIN], company=company, progress=False)
