"""The adjusted flag of a value: basis phrases, a GAAP cue that is a verb, bases dealt out by
"respectively" and a closing "all on an adjusted basis" (own sentences)."""
from __future__ import annotations

import pytest

import kpi_extract


def flag(text: str, value: float, unit: str | None = None) -> bool:
    df = kpi_extract.extract(text, reporting_period="2021Q3")
    rows = df[(df["value"] - value).abs() < 1e-9]
    if unit is not None:
        rows = rows[rows["unit"] == unit]
    assert len(rows) >= 1, df[["value", "unit", "metric", "adjusted"]].to_string()
    return bool(rows.iloc[0]["adjusted"])


@pytest.mark.parametrize("text, value, expected", [
    ("Earnings per diluted share came in at $1.43 on a non-GAAP adjusted basis.", 1.43, True),
    ("Diluted EPS was $2.02 on an adjusted non-GAAP basis.", 2.02, True),
    ("Earnings per share adjusted for unusual items of $6.12, up 40% year-over-year.", 6.12, True),
    ("Diluted earnings per share is expected to range between $5.10 and $5.40 before restructuring and other charges.",
     5.10, True),
    ("On a non-GAAP basis, excluding these costs, we reported net income of $22.4 million or $0.57 per share.",
     0.57, True),
    ("Excluding special items, we would have reported a net loss of $11.3 million or a loss of $0.21 per share.",
     -0.21, True),
    ("We reported net income of $41.0 million or $0.66 per diluted share.", 0.66, False),
    ("Reported EPS was $0.66 per diluted share.", 0.66, False),
    ("GAAP diluted EPS was $0.52 for the quarter.", 0.52, False),
    ("Net income was $41.0 million or $0.66 per diluted share on a reported basis.", 0.66, False),
    # "reported" set against constant currency is the currency sense: the metric's own basis holds
    ("Adjusted gross margin was 69.8%, down 200 basis points on a reported basis and down 260 basis points in constant "
     "currency.", -2.0, True),
    # a basis opening the clause before a comma covers the values after it, up to a contrast
    ("On an adjusted basis, income from continuing operations rose to $38.2 million or $0.54 per share.", 0.54, True),
    ("On an adjusted basis, income from continuing operations rose to $38.2 million or $0.54 per share.", 38.2e6, True),
    ("On a GAAP basis, earnings per share were $0.31.", 0.31, False),
    ("Adjusted EPS was $0.44, but on a GAAP basis, we earned $0.12 per share.", 0.12, False),
    ("On an adjusted basis, EPS was $0.44; net income was $12 million.", 12e6, False),
    # a basis word between the value and its metric ("$0.59 of non-GAAP earnings per share")
    ("We reported $0.59 of non-GAAP earnings per share for the quarter.", 0.59, True),
    ("We recorded $0.86 in fully diluted GAAP earnings per share.", 0.86, False),
])
def test_basis_in_the_sentence(text, value, expected):
    assert flag(text, value) is expected


@pytest.mark.parametrize("text, value, unit, expected", [
    ("Adjusted and GAAP earnings per share were $0.51 and $0.33, respectively.", 0.51, "USD/share", True),
    ("Adjusted and GAAP earnings per share were $0.51 and $0.33, respectively.", 0.33, "USD/share", False),
    ("GAAP and adjusted earnings per share were $0.33 and $0.51, respectively.", 0.33, "USD/share", False),
    ("GAAP and adjusted earnings per share were $0.33 and $0.51, respectively.", 0.51, "USD/share", True),
    ("We expect adjusted and GAAP EPS from $0.25 to $0.30 and $0.20 to $0.24, respectively.", 0.30, "USD/share", True),
    ("We expect adjusted and GAAP EPS from $0.25 to $0.30 and $0.20 to $0.24, respectively.", 0.20, "USD/share", False),
    ("Adjusted and GAAP earnings per share were $0.51 and $0.33.", 0.51, "USD/share", True),
])
def test_respectively_deals_out_bases(text, value, unit, expected):
    assert flag(text, value, unit) is expected


@pytest.mark.parametrize("text, value, expected", [
    ("Earnings per share were $2.17 compared with $0.85 last year, all on an adjusted basis.", 2.17, True),
    ("Earnings per share were $2.17 compared with $0.85 last year, both on an adjusted basis.", 0.85, True),
    ("Earnings per share were $2.17 compared with $0.85 last year, all on a GAAP basis.", 2.17, False),
    ("GAAP EPS was $1.90 and revenue grew 4%, all on an adjusted basis.", 1.90, False),
    ("Earnings per share were $2.17, up from $1.60, and $0.85 on an adjusted basis.", 2.17, False),
])
def test_closing_basis_covers_earlier_values(text, value, expected):
    assert flag(text, value) is expected


@pytest.mark.parametrize("text, value, expected", [
    ("We expect a diluted loss per share of $0.02 to $0.04, or excluding restructuring charges, about $0.28 to "
     "$0.30 of adjusted diluted earnings per share.", -0.04, False),
    ("Revenue grew 6.6% on a GAAP basis and 6.5% on a non-GAAP basis.", 6.6, False),
])
def test_a_basis_before_the_next_value_is_that_ones(text, value, expected):
    assert flag(text, value) is expected


@pytest.mark.parametrize("text, value, expected", [
    # a basis said after the second value of a pair covers the first
    ("We expect earnings per share from $0.40 to $0.46 on a non-GAAP basis.", 0.40, True),
    ("We expect earnings per share between $0.40 and $0.46 on an adjusted basis.", 0.40, True),
    ("Earnings per share were $1.10 versus $0.95 on an adjusted basis.", 1.10, True),
    ("We expect EPS from $0.31 to $0.36 on a GAAP basis and from $0.52 to $0.58 on a non-GAAP basis.", 0.52, True),
    ("We expect EPS from $0.31 to $0.36 on a GAAP basis and from $0.52 to $0.58 on a non-GAAP basis.", 0.31, False),
    # ... not across other words, nor to another metric
    ("Earnings per share were $1.10, and we paid $0.95 on an adjusted basis.", 1.10, False),
    ("Revenue was $40 million to $0.95 per share on an adjusted basis.", 40e6, False),
])
def test_pair_shares_the_basis_after_it(text, value, expected):
    assert flag(text, value) is expected


@pytest.mark.parametrize("text, value, expected", [
    # a clause's basis after the metric, before the value, is nearer than the metric's own
    ("Adjusted earnings per share were $0.42, while on a GAAP basis, we had a loss of $0.61 per share.", 0.61, False),
    ("Adjusted earnings per share were $0.42, while on a GAAP basis, we had a loss of $0.61 per share.", 0.42, True),
    # ... but a basis closing the value before it is that value's
    ("We expect EPS from $0.31 to $0.36 on a GAAP basis and from $0.52 to $0.58 on a non-GAAP basis.", 0.58, True),
])
def test_clause_basis_after_the_metric(text, value, expected):
    assert flag(text, value) is expected


@pytest.mark.parametrize("text, value, expected", [
    ("First quarter non-GAAP earnings are expected to be in the range of $0.41 to $0.44 per share.", 0.41, True),
    ("Non-GAAP earnings were $0.61 per share.", 0.61, True),
    ("GAAP earnings were $0.52 per share.", 0.52, False),
    ("Earnings were $0.52 per share.", 0.52, False),
    ("Gross margin for the core retail business was 61.5% in the quarter.", 61.5, False),
])
def test_a_basis_in_the_metric_phrase_linked_through_per_share(text, value, expected):
    assert flag(text, value) is expected


@pytest.mark.parametrize("text, value, expected", [
    ("Moving on to our non-GAAP guidance for 2025. We expect EPS of $1.10 to $1.20.", 1.10, True),
    ("All of our guidance is on a non-GAAP basis. We expect EPS of $1.10 to $1.20 for 2025.", 1.10, True),
    ("Our guidance excludes restructuring charges. We expect EPS of $1.10 to $1.20 for 2025.", 1.10, True),
    ("As usual, our guidance does not incorporate restructuring charges. We expect EPS of $1.10 to $1.20.", 1.10, True),
    ("Our outlook doesn't include any restructuring charges. We expect EPS of $1.10 to $1.20 for 2025.", 1.10, True),
    ("Our guidance does include restructuring charges. We expect EPS of $1.10 to $1.20 for 2025.", 1.10, False),
    ("Our guidance will incorporate restructuring charges. We expect EPS of $1.10 to $1.20 for 2025.", 1.10, False),
    ("Moving on to our non-GAAP guidance for 2025. We expect revenue of $5 billion.", 5e9, False),
    ("Adjusted EPS came in above our guidance. We expect EPS of $1.10 to $1.20 for 2025.", 1.10, False),
    ("Our guidance is on a GAAP and non-GAAP basis. We expect EPS of $1.10 to $1.20 for 2025.", 1.10, False),
    ("Moving on to our non-GAAP guidance for 2025. We expect an operating margin of 4%, or an adjusted operating "
     "margin of 6%.", 4.0, False),
    ("We expect EPS of $1.10 to $1.20 for 2025. Our guidance excludes restructuring charges.", 1.10, False),
])
def test_an_outlook_said_on_an_adjusted_basis_covers_the_guides_after_it(text, value, expected):
    assert flag(text, value) is expected


@pytest.mark.parametrize("text, value, expected", [
    ("For next year, we are reaffirming our adjusted full year guidance of $3.10 to $3.20 per share.", 3.10, True),
    ("Our non-GAAP outlook calls for earnings per share of $1.10 to $1.15.", 1.15, True),
    ("Our GAAP guidance for EPS is $1.00, and adjusted EPS is expected to be $1.20.", 1.00, False),
    ("Our GAAP guidance for EPS is $1.00, and adjusted EPS is expected to be $1.20.", 1.20, True),
    ("We expect earnings per share of $1.10 to $1.15, consistent with our guidance.", 1.10, False),
])
def test_a_basis_said_of_the_outlook_noun_covers_its_guides(text, value, expected):
    assert flag(text, value) is expected


@pytest.mark.parametrize("text, value, expected", [
    ("We expect comparable earnings per share growth of 5% to 6%.", 5.0, True),
    ("We raised our comparable basis diluted earnings per share outlook to $10.50 to $10.65.", 10.50, True),
    ("We expect comparable currency-neutral earnings-per-share growth of 8% to 10%.", 8.0, True),
    ("Operating earnings per share were $1.20 in the quarter.", 1.20, True),
    ("We reported operating earnings of $0.76 per share and GAAP earnings of $0.33 per share.", 0.76, True),
    ("We reported operating earnings of $0.76 per share and GAAP earnings of $0.33 per share.", 0.33, False),
    ("Comparable sales rose 4% in the quarter.", 4.0, False),
    ("Comparable store sales rose 4% and earnings per share were $1.10.", 1.10, False),
])
def test_an_adjusted_reading_of_the_metric(text, value, expected):
    assert flag(text, value) is expected
