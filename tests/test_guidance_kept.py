"""Issue 19, the guide the tracker keeps: segment-named mentions never replace the total's,
a period said as a comparison base is no guide period, the new range of a revision sentence
wins, prior guidance nouns and increments are no guide.

Rules are read on sentences (:func:`read_mention`, :func:`names_segment`, :func:`revises`),
then end to end on short fictional calls (our own sentences) through ``extract`` and the tracker.
"""
from __future__ import annotations


import pytest

from kpi_extract.analysis.guidance_evidence import names_segment, read_mention, revises, settings
from guidance_calls import track as _track

ROW = {"comparison": None, "unit": "USD", "sentence": "", "period_text": None, "section": None, "segment": None}


@pytest.mark.parametrize("before, after, extra, kind, rule", [
    # a prior guidance noun before the value: the previous guide
    ("The new range compares to our initial 2025 guidance of adjusted EPS of ", ".", {"unit": "USD/share"},
     "prior", "prior_noun"),
    # ... unless the guide is kept or revised ("remains flat to", "updating our previously issued")
    ("Capital spending guidance remains flat to our original guidance of ", ".", {}, "guide",
     "range+outlook_cue+outlook_noun"),
    ("We are updating our previously issued guidance ranges for company revenue of ", ".", {}, "guide",
     "range+company_cue+outlook_noun"),
    # "prior year" is no prior guide, nor a noun after "and"
    ("Adjusted EBITDA, similar to the prior year in the range of ", ".", {}, "guide", "range"),
    ("We now expect growth at the high end of our original guidance and higher EPS of ", ".",
     {"unit": "USD/share"}, "guide", "range+company_cue+outlook_noun+now"),
    # the old range of a revision said after the new one
    ("We are raising our EPS guidance to the range of $5.50 to $5.65 for 2025 from ", ".", {"unit": "USD/share"},
     "prior", "revised_from"),
    ("We are raising our EPS guidance from ", ", up to $0.85 to $1.00 per share.", {"unit": "USD/share"}, "prior",
     "from_to"),
    # money said as a change of a level
    ("We expect a roughly ", " revenue decline on fixed-price programs.", {}, "not_guide", "increment"),
    ("We expect full year incremental revenue of ", ".", {}, "not_guide", "increment"),
    ("We expect additional program revenue of ", ".", {}, "not_guide", "increment"),
    ("We expect revenue of ", ", representing an increase in our outlook of $5 million.", {}, "guide",
     "range+company_cue+outlook_noun"),
    # "included in" puts the value around a part, it is no part cue
    ("This is included in our ", " capital budget.", {}, "guide", "range"),
    ("We expect capital spending of $90 million, including approximately ", ".", {}, "not_guide", "part"),
    # the period said only as a comparison base
    ("We expect revenue of ", ", up from fiscal 2024.", {"period_text": "fiscal 2024", "comparison": "yoy",
                                                         "unit": "percent"}, "not_guide", "comparison_period"),
    ("For fiscal 2024 we expect revenue of ", ".", {"period_text": "fiscal 2024"}, "guide",
     "range+company_cue+stated_period"),
    ("We expect growth of ", " compared to the second quarter of last year.",
     {"period_text": "the second quarter", "comparison": "yoy", "unit": "percent"}, "guide",
     "range+company_cue+stated_period"),
    # growth against an older year scores less than growth against last year
    ("We expect 2025 revenue growth of ", " versus 2023.", {"comparison": "yoy", "unit": "percent",
                                                           "fiscal_year": 2025}, "guide", "range+company_cue+older_base"),
    ("We expect 2025 revenue growth of ", " versus 2024, and 9% versus 2023.",
     {"comparison": "yoy", "unit": "percent", "fiscal_year": 2025}, "guide", "range+company_cue"),
])
def test_read_mention_kept_rules(before, after, extra, kind, rule):
    row = {**ROW, "sentence": before + "$30 million to $35 million" + after, **extra}
    seen = read_mention(before, row, is_range=True, recalled=False, after=after)
    assert (seen.kind, seen.rule) == (kind, rule)


@pytest.mark.parametrize("before, after, names, named", [
    ("Next, for Harbor Logistics, we are guiding to EBITDA of ", ".", (), True),
    ("For Q3, we expect revenue of ", ".", (), False),
    ("For the Full Year, we expect revenue of ", ".", (), False),
    ("For revenue, we are raising our range to ", ".", (), False),
    ("We estimate that Ruritania will see a decline within a range of ", ".", ("Ruritania",), True),
    ("We expect revenue growth of ", " in Ruritania.", ("Ruritania",), True),
    ("Despite Ruritania, we expect total company revenue of ", ".", ("Ruritania",), False),
    ("We expect revenue of ", ", with Ruritania up.", ("Ruritania",), False),
    ("We expect revenue of ", ".", ("Ruritania",), False),
])
def test_names_segment(before, after, names, named):
    assert names_segment(before, after, names) is named


@pytest.mark.parametrize("sentence, old, new, later_wins", [
    ("We are raising EPS guidance from $1.00 to $1.10 to $1.20 to $1.30.", "We are raising EPS guidance from ",
     "We are raising EPS guidance from $1.00 to $1.10 to ", True),
    ("We are raising EPS guidance to $1.20 to $1.30 from $1.00 to $1.10.", "We are raising EPS guidance to ",
     "We are raising EPS guidance to $1.20 to $1.30 from ", False),
    ("We raised our outlook for sales growth to be 11% and organic growth to be 9%.",
     "We raised our outlook for sales growth to be ",
     "We raised our outlook for sales growth to be 11% and organic growth to be ", False),
    ("We expect EPS of $1.00 to $1.10 and to grow to $1.20.", "We expect EPS of ",
     "We expect EPS of $1.00 to $1.10 and to grow to ", False),
])
def test_revises(sentence, old, new, later_wins):
    assert revises(sentence, old, new) is later_wins


def test_the_weights_of_the_new_evidence():
    w = settings()["weights"]
    assert w["segment_named"] < -w["range"] + 0 and w["later_revision"] >= w["company_cue"] - w["outlook_cue"]
    assert w["older_base"] < 0


SEGMENT_FIRST = ("Next, for Harbor Logistics, we are guiding to revenue of $70 million to $80 million for fiscal 2025. "
                 "For fiscal 2025, we expect revenue of $400 million to $420 million.")
REVISED = "For fiscal 2025, we are raising our revenue guidance to $430 million to $440 million from $400 million to $420 million."
REVISED_FROM = ("For fiscal 2025, we are raising our revenue guidance from $400 million to $420 million, up to "
                "$430 million to $440 million.")


@pytest.mark.parametrize("text, low, high", [
    (SEGMENT_FIRST, 4.0e8, 4.2e8),
    (REVISED, 4.3e8, 4.4e8),
    (REVISED_FROM, 4.3e8, 4.4e8),
])
def test_the_call_keeps_the_total_and_the_new_range(text, low, high):
    t = _track(("acme_2025q2", "2025Q2", text))
    item = t[(t["metric"] == "revenue") & (t["unit"] == "USD") & (t["fiscal_year"] == 2025) & t["segment"].isna()]
    assert item[["latest_low", "latest_high"]].values.tolist() == [[low, high]]


def test_a_revision_sentence_gives_its_own_revision():
    t = _track(("acme_2025q2", "2025Q2", REVISED))
    item = t[(t["metric"] == "revenue") & (t["unit"] == "USD")].iloc[0]
    assert (item["first_low"], item["first_high"], item["last_revision"]) == (4.0e8, 4.2e8, "raised")


def test_a_fictional_sequence_with_a_segment_guide_closes_the_total():
    t = _track(("acme_2025q1", "2025Q1", SEGMENT_FIRST),
               ("acme_2025q4", "2025Q4", "For fiscal 2025, revenue was $410 million."))
    item = t[(t["metric"] == "revenue") & (t["unit"] == "USD") & (t["fiscal_year"] == 2025) & t["segment"].isna()]
    assert item[["latest_low", "latest_high", "actual", "outcome"]].values.tolist() == [[4.0e8, 4.2e8, 4.1e8,
                                                                                          "within"]]


# the whole's own figure beats its parts said in the same sentence (their own words say "overall", "total")
PARTS_THEN_TOTAL = ("For fiscal 2025, we expect revenue growth by unit, Harbor up 3% to 5%, Delta up 12% to 14%, "
                    "overall up 6% to 8%.")
TOTAL_THEN_PARTS = ("For fiscal 2025, we expect approximately $55 million in our total cost savings, with $45 million "
                    "in structural and $10 million in temporary cost savings.")


@pytest.mark.parametrize("text, metric, unit, low, high", [
    (PARTS_THEN_TOTAL, "revenue", "percent", 6.0, 8.0),
    (TOTAL_THEN_PARTS, "cost_savings", "USD", 5.5e7, 5.5e7),
])
def test_the_whole_s_own_figure_is_kept_over_its_parts(text, metric, unit, low, high):
    t = _track(("acme_2025q2", "2025Q2", text))
    item = t[(t["metric"] == metric) & (t["unit"] == unit) & t["segment"].isna()]
    assert item[["latest_low", "latest_high"]].values.tolist() == [[low, high]]


def test_a_change_against_an_older_year_closes_no_yoy_item():
    t = _track(("acme_2025q1", "2025Q1", "For the second quarter, we expect revenue to be up approximately 30%."),
               ("acme_2025q2", "2025Q2", "Second-quarter revenue was up 12% versus 2023."))
    item = t[(t["metric"] == "revenue") & (t["unit"] == "percent")]
    assert len(item) == 1 and item["actual"].isna().all()
