"""Issue 19, what a value is said of (:mod:`kpi_extract.analysis.guidance_scope`): a part of the
company, an elapsed span, an "excluding X," hypothetical, an effect on the metric, a comparison
with the item's own year. Rules on our own sentences, then end to end on short fictional calls
through ``extract`` and the tracker: the distractor never closes (or makes) the total's item.
"""
from __future__ import annotations

import warnings

import pandas as pd
import pytest

import kpi_extract
from kpi_extract.analysis.guidance import PLAUSIBLE_POINTS, PLAUSIBLE_RATIO
from kpi_extract.analysis.guidance_evidence import read_mention
from kpi_extract.analysis.guidance_scope import (against_year, counterfactual, effect_on_metric, elapsed_span, hypothetical,
                                                 in_cause, part_subject)
from kpi_extract.analysis.guidance_segments import segment_said
from guidance_calls import track as _track


@pytest.mark.parametrize("clause, part", [
    ("Our packaging businesses in this segment grew ", True),
    ("Revenue in this segment was ", True),
    ("Operating income for the division was ", True),
    ("Our marine business delivered revenue growth of ", True),
    ("Its two lighting divisions posted sales up ", True),
    ("Our business grew ", False),
    ("Our core business grew ", False),
    ("Our overall business grew ", False),
    ("Across our businesses, total company revenue grew ", False),
    ("Revenue grew ", False),
])
def test_part_subject(clause, part):
    assert part_subject(clause) is part


@pytest.mark.parametrize("before, after, elapsed", [
    ("Revenue has grown from $40 million to ", " over the past 12 months.", True),
    ("Bookings were up ", " in four months, from our low point in March.", True),
    ("Bookings are up ", " since February.", True),
    ("Over the last three years, sales grew by ", ".", True),
    ("Sales rose ", " in the trailing twelve months.", True),
    ("Sales rose ", " in the quarter.", False),
    ("Sales rose ", " for the full year 2025.", False),
    ("Over the last three years we built 40 stores and sales rose ", ".", False),
    ("Sales rose ", " and 9% over the past 12 months.", False),
])
def test_elapsed_span(before, after, elapsed):
    assert elapsed_span(before, after) is elapsed


@pytest.mark.parametrize("clause, hypo", [
    ("Excluding the timing shift, operating margin was ", True),
    ("Absent the one-time charge, EPS would have been ", True),
    ("Adjusting for the extra week, sales grew ", True),
    ("Operating margin was ", False),
    ("Operating margin, excluding ", False),
])
def test_hypothetical(clause, hypo):
    assert hypothetical(clause) is hypo


@pytest.mark.parametrize("clause, effect", [
    ("The net impact of the divestitures for the rest of the year will decrease revenue by between ", True),
    ("We expect currency to reduce sales growth by approximately ", True),
    ("We expect currency to lift sales by ", False),  # "lift" is no effect verb in the data
    ("We expect currency to increase sales growth by approximately 2% in 2025 and ", True),
    ("We expect to grow revenue by ", False),
    ("We will increase revenue by ", False),
    ("Revenue will increase by ", False),
    ("We expect revenue of $5 million and growth of ", False),
])
def test_effect_on_metric(clause, effect):
    assert effect_on_metric(clause) is effect


@pytest.mark.parametrize("after, year, against", [
    (", which is above the 2025 amount.", 2025, True),
    (" compared to fiscal 2025.", 2025, True),
    (" compared to fiscal 2024.", 2025, False),
    (" in the fourth quarter of 2025.", 2025, False),
    (". Above the 2025 level, we see more.", 2025, False),
])
def test_against_year(after, year, against):
    assert against_year(after, year) is against


@pytest.mark.parametrize("after, year, against", [
    # a change compared with a year other than the one before is no year-over-year change
    (" versus 2019, as stores reopened.", 2021, True),
    (" compared to fiscal 2019.", 2021, True),
    (" versus 2020.", 2021, False),
    (" in the quarter.", 2021, False),
])
def test_against_year_of_a_change(after, year, against):
    assert against_year(after, year, change=True) is against


@pytest.mark.parametrize("before, after, names, named", [
    ("Our second quarter guidance for operating margin is ", " at Tidewater, with more to come.", (), "Tidewater"),
    ("For Tidewater, operating margin is forecast at ", ".", (), "Tidewater"),
    ("For example, operating margin is forecast at ", ".", (), None),
    ("For the full year, operating margin is forecast at ", ".", (), None),
    ("For 2025, research revenue grew ", ".", ("Research",), "Research"),
])
def test_segment_said_openers_and_at(before, after, names, named):
    assert segment_said(before, after, names) == named


def test_prior_guidance_after_a_comparison_word_stays_prior_after_a_revision_verb():
    before = ("We are raising our guidance for revenue growth to 8% to 10%, up from our prior guidance of growth at the "
              "higher end of ")
    row = {"comparison": "yoy", "unit": "percent", "sentence": before + "3% to 6%.", "period_text": None,
           "section": None, "segment": None}
    assert read_mention(before, row, is_range=True, recalled=False, after=" to 6%.").kind == "prior"


@pytest.mark.parametrize("q4, actual", [
    ("For fiscal 2025, revenue decreased by 4%.", -4.0),
    ("For fiscal 2025, revenue decreased by 75%.", None),  # another fact's change (a segment's, unnamed)
    ("For fiscal 2025, revenue increased by 12%.", 12.0),  # a miss within the plausible spread still closes
])
def test_a_percent_change_far_off_the_guide_closes_nothing(q4, actual):
    assert PLAUSIBLE_POINTS >= 10 and PLAUSIBLE_RATIO >= 2
    t = _track(("acme_2025q1", "2025Q1", "For fiscal 2025, we expect revenue to decline by about 5%."),
               ("acme_2025q4", "2025Q4", q4))
    item = t[(t["metric"] == "revenue") & (t["comparison"] == "yoy") & (t["fiscal_period"] == "FY")]
    assert len(item) == 1
    got = item["actual"].iloc[0]
    assert (None if pd.isna(got) else float(got)) == actual


Q1 = ("acme_2025q1", "2025Q1", "For the second quarter of 2025, we expect operating margin of 13% to 14%. "
                                "For fiscal 2025, we expect revenue of $400 million to $420 million.")


@pytest.mark.parametrize("q2, metric, actual", [
    # the reported figure closes the item, a part's or a hypothetical one never does
    ("Operating margin was 13.5% in the second quarter.", "operating_margin", 13.5),
    ("Excluding the timing shift, operating margin was 15.5% in the second quarter.", "operating_margin", None),
    ("Our marine businesses in this segment had operating margin of 15.5% in the second quarter.",
     "operating_margin", None),
    ("Operating margin was 12.5% in the second quarter. Excluding the timing shift, operating margin was 15.5%.",
     "operating_margin", 12.5),
])
def test_a_fictional_quarter_closes_with_the_reported_total(q2, metric, actual):
    t = _track(Q1, ("acme_2025q2", "2025Q2", q2))
    item = t[(t["metric"] == metric) & (t["fiscal_period"] == "Q2") & t["segment"].isna()]
    assert len(item) == 1
    got = item["actual"].iloc[0]
    assert (None if pd.isna(got) else float(got)) == actual


@pytest.mark.parametrize("text", [
    "The net impact of the divestitures for the rest of the year will decrease revenue by between 6% to 7% in 2025.",
    "Revenue has grown from $40 million in 2020 to $410 million over the past 12 months.",
])
def test_no_guide_from_an_effect_or_an_elapsed_result(text):
    t = _track(("acme_2025q2", "2025Q2", text), ("acme_2025q3", "2025Q3", "Revenue was $100 million in the quarter."))
    assert t[(t["metric"] == "revenue") & (t["fiscal_year"] == 2025)].empty


@pytest.mark.parametrize("before, kind, rule", [
    ("The guidance provided on our last call was revenue of approximately ", "prior", "past_guide"),
    ("Our previous outlook, which was growth of ", "prior", "prior_noun"),
    ("As a reminder, the outlook we gave in May was revenue of ", "prior", "past_guide"),
    ("Our outlook was raised to revenue of ", "guide", "company_cue+outlook_noun"),
    ("Our guidance now is revenue of ", "guide", "outlook_noun+now"),
])
def test_a_past_guide_said_with_was_is_the_previous_guide(before, kind, rule):
    row = {"comparison": None, "unit": "USD", "sentence": before + "$5 million.", "period_text": None,
           "section": None, "segment": None}
    seen = read_mention(before, row, is_range=False, recalled=False, after=".")
    assert (seen.kind, seen.rule) == (kind, rule)


GUIDE_CALL = ("Operating margin was {gaap}% in the first quarter of 2025. Adjusted operating margin was {adj}% in the first "
              "quarter of 2025. For the second quarter of 2025, we expect operating margin of about 24.5%.")
RESULT_CALL = ("Operating margin was 23.0% in the second quarter of 2025. Adjusted operating margin was 24.4% in the second "
               "quarter of 2025.")


@pytest.mark.parametrize("gaap, adj, actual", [
    # the guide's own call shows the adjusted series: the adjusted figure closes it
    (23.0, 24.3, 24.4),
    # the reported series is the nearer one: the reported figure closes it
    (24.3, 22.0, 23.0),
    # no decisive evidence (neither twice as near): the reported figure, as said
    (23.9, 24.0, 23.0),
])
def test_a_guide_said_without_a_basis_is_closed_on_the_basis_its_call_shows(gaap, adj, actual):
    t = _track(("acme_2025q1", "2025Q1", GUIDE_CALL.format(gaap=gaap, adj=adj)), ("acme_2025q2", "2025Q2", RESULT_CALL))
    item = t[(t["metric"] == "operating_margin") & (t["fiscal_period"] == "Q2") & ~t["adjusted"].astype(bool)]
    assert item["actual"].tolist() == [actual]


@pytest.mark.parametrize("before, kind, rule", [
    ("Volume was better than we forecasted and we did manage operating expenses down ", "not_guide", "past_result"),
    ("Last year we delivered growth of 9%, and we expect revenue to grow ", "guide", "company_cue"),
    ("We have reduced our 2025 revenue range to growth of ", "guide", ""),  # a range noun: a revision, no result
])
def test_a_past_result_of_the_company_is_no_guide(before, kind, rule):
    row = {"comparison": "yoy", "unit": "percent", "sentence": before + "4%.", "period_text": None,
           "section": None, "segment": None}
    seen = read_mention(before, row, is_range=False, recalled=False, after=".")
    assert (seen.kind, seen.rule) == (kind, rule)


@pytest.mark.parametrize("before, named", [
    ("Within marine coatings, boat revenue was ", "marine coatings"),
    ("Within the quarter, revenue was ", None),
    ("Within our guidance, revenue was ", None),
])
def test_a_lowercase_within_opener_names_a_segment(before, named):
    assert segment_said(before, " million.", ()) == named


@pytest.mark.parametrize("q2, actual", [
    ("On a GAAP basis, we had a loss of $0.10 per share in the second quarter.", -0.10),
    ("On a GAAP basis, earnings were $0.10 per share in the second quarter.", 0.10),
])
def test_a_loss_said_before_an_earnings_figure_is_negative(q2, actual):
    t = _track(("acme_2025q1", "2025Q1", "For the second quarter of 2025, we expect GAAP earnings per share of $0.05 to "
                                         "$0.15."),
               ("acme_2025q2", "2025Q2", q2))
    item = t[(t["metric"] == "eps") & (t["fiscal_period"] == "Q2")]
    assert item["actual"].tolist() == [actual]


def test_an_adjusted_guide_without_an_adjusted_result_stays_pending():
    t = _track(("acme_2025q1", "2025Q1", GUIDE_CALL.format(gaap=23.0, adj=24.3)),
               ("acme_2025q2", "2025Q2", "Operating margin was 23.0% in the second quarter of 2025."))
    item = t[(t["metric"] == "operating_margin") & (t["fiscal_period"] == "Q2") & ~t["adjusted"].astype(bool)]
    assert item["outcome"].tolist() == ["pending"]


@pytest.mark.parametrize("before, after, kind, rule", [
    ("As we said last quarter, and margin did expand from 2.3% last quarter to ", " this quarter.", "not_guide",
     "past_result"),
    ("The acquisitions are expected to generate ", " in annualized revenues.", "not_guide", "annualized"),
    ("We expect an annual run rate of ", ".", "not_guide", "annualized"),
    ("We expect revenue of ", " in the fourth quarter.", "guide", "company_cue"),
])
def test_past_results_and_annualized_figures_are_no_guides(before, after, kind, rule):
    row = {"comparison": None, "unit": "USD", "sentence": before + "$5 million" + after, "period_text": None,
           "section": None, "segment": None}
    seen = read_mention(before, row, is_range=False, recalled=False, after=after)
    assert (seen.kind, seen.rule) == (kind, rule)


@pytest.mark.parametrize("q4, actual", [
    ("For fiscal 2025, revenue was $410 million.", 4.1e8),
    # the $410 million said right after "fiscal 2024's total of" never closes 2025 (whatever period the row got)
    ("For fiscal 2025, revenue was $430 million, exceeding fiscal 2024's total of $410 million.", None),
])
def test_an_actual_said_right_after_another_year_is_that_years(q4, actual):
    t = _track(("acme_2025q1", "2025Q1", "For fiscal 2025, we expect revenue of $400 million to $420 million."),
               ("acme_2025q4", "2025Q4", q4))
    item = t[(t["metric"] == "revenue") & (t["unit"] == "USD") & (t["fiscal_period"] == "FY") & t["segment"].isna()]
    assert len(item) == 1
    got = item["actual"].iloc[0]
    assert (None if pd.isna(got) else float(got)) == actual


@pytest.mark.parametrize("low, high, after, out", [
    (-4.0, -4.0, " basis points higher than the fourth quarter of last year.", (4.0, 4.0)),
    (3.0, 5.0, "% below last year.", (-5.0, -3.0)),
    (3.0, 5.0, "% above last year.", (3.0, 5.0)),
    (-2.0, -1.0, ", above our outlook.", (-2.0, -1.0)),
    (-2.0, -1.0, "% in the quarter.", (-2.0, -1.0)),
])
def test_a_change_takes_the_sign_of_its_direction_words(low, high, after, out):
    from kpi_extract.analysis.guidance_scope import directed
    assert directed(low, high, after) == out


def test_the_old_range_of_a_long_revision_sentence_is_the_previous_guide():
    before = ("We are updating the forecast of both the unit's operating earnings for 2025 to a range of $385 million to "
              "$430 million from $345 million to $435 million, and our estimate of EBITDA to a range of $980 million "
              "to $1,045 million from ")
    row = {"comparison": None, "unit": "USD", "sentence": before + "$950 million to $1,050 million.",
           "period_text": None, "section": None, "segment": None}
    assert read_mention(before, row, is_range=True, recalled=False, after=".").kind == "prior"


@pytest.mark.parametrize("low, high, clause, after, out", [
    (5.0, 5.0, "Guidance implies sales contraction of 7% at the midpoint on a reported basis and ", "% organically.",
     (-5.0, -5.0)),
    (27.0, 30.0, "We expect segment revenue to be down in the ", " percentage range.", (-30.0, -27.0)),
    (4.0, 4.0, "We expect margins to sequentially decline and be approximately ", " basis points higher than last year.",
     (4.0, 4.0)),
    (5.0, 5.0, "We expect growth to decline to ", "%.", (5.0, 5.0)),
    (5.0, 7.0, "After a decline last year, we expect growth of ", "%.", (5.0, 7.0)),
    (-3.0, -1.0, "We expect sales down ", "%.", (-3.0, -1.0)),
])
def test_a_change_guide_takes_the_sign_its_words_say(low, high, clause, after, out):
    from kpi_extract.analysis.guidance_scope import change_range
    assert change_range(low, high, clause, after) == out


@pytest.mark.parametrize("after, increment", [
    (" million or 26% higher than the $4 million of last year.", True),
    (" million lower than last year.", True),
    (" million, above the high end of our range.", False),
    (" million in the quarter.", False),
])
def test_a_money_figure_followed_by_a_comparison_is_an_increment(after, increment):
    from kpi_extract.analysis.guidance_scope import increment_after
    assert increment_after(after) is increment


def _actual_values(sentence: str, value_text: str, value: float) -> list[float]:
    """The actual values ``read_actuals`` keeps of one hand-made actual row (a prototype row of
    ``extract`` with the sentence, value and words replaced)."""
    from kpi_extract.analysis import guidance_read as gr
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        proto = kpi_extract.extract("Revenue was $5 million in the fourth quarter of 2025.", doc_id="a",
                                    reporting_period="2025Q4")
    row = proto.iloc[[0]].copy()
    row["sentence"], row["value_text"], row["value"] = sentence, value_text, value
    row["start"] = sentence.index(value_text)
    row["period_text"] = None
    rows = gr.records(row, gr.REQUIRED_COLUMNS)
    calls, _ = gr.order_calls(rows)
    return [v for ms in gr.read_actuals(rows, calls).values() for _, _, v in ms]


@pytest.mark.parametrize("sentence, value_text, value, kept", [
    ("Revenue came in above our guidance range of $371 million in the fourth quarter.", "$371 million", 3.71e8, []),
    ("Revenue was $11 million or 3% higher than last year in the fourth quarter.", "$11 million", 1.1e7, []),
    ("Revenue was $383 million in the fourth quarter.", "$383 million", 3.83e8, [3.83e8]),
])
def test_a_restated_guide_or_an_increment_is_no_actual(sentence, value_text, value, kept):
    assert _actual_values(sentence, value_text, value) == kept


@pytest.mark.parametrize("q4, actual", [
    ("Revenue exceeded our guidance range of $371 million to $373 million and came in at $383 million in the fourth "
     "quarter.", 3.83e8),
    ("Revenue grew $11 million or 3% higher than last year to $383 million in the fourth quarter.", 3.83e8),
])
def test_a_restated_guide_or_an_increment_never_closes_the_item(q4, actual):
    t = _track(("acme_2025q3", "2025Q3", "For the fourth quarter of 2025, we expect revenue of $371 million to $373 million."),
               ("acme_2025q4", "2025Q4", q4))
    item = t[(t["metric"] == "revenue") & (t["unit"] == "USD") & (t["fiscal_period"] == "Q4") & t["segment"].isna()]
    assert item["actual"].tolist() == [actual]


@pytest.mark.parametrize("metric_text, part", [
    ("widget sales grew", "widget"),
    ("aftermarket parts revenue", "aftermarket parts"),
    ("net sales", None),
    ("total revenue", None),
    ("fourth quarter revenue", None),
    ("Revenue", None),
    ("Harbor revenue", None),  # a capitalized name is the segment readers' job (segment_said)
])
def test_a_revenue_mention_with_a_part_modifier_names_a_part(metric_text, part):
    from kpi_extract.analysis.guidance_scope import part_modifier
    assert part_modifier("revenue", metric_text) == part


def test_a_part_modifier_is_read_only_for_part_metrics():
    from kpi_extract.analysis.guidance_scope import part_modifier
    assert part_modifier("eps", "widget earnings per share") is None


@pytest.mark.parametrize("sentence, value_text, value, kept", [
    ("Revenue came in above our guidance range of $371 million to $373 million in the fourth quarter.",
     "$373 million", 3.73e8, []),
    ("Revenue was $371 million to $373 million in the fourth quarter.", "$373 million", 3.73e8, [3.73e8]),
])
def test_the_second_end_of_a_restated_range_is_no_actual(sentence, value_text, value, kept):
    assert _actual_values(sentence, value_text, value) == kept


@pytest.mark.parametrize("clause, said", [
    ("Excluding the divested line, organic sales would have been up ", True),
    ("Revenue would've been ", True),
    ("Organic sales were up ", False),
    ("We would expect revenue of ", False),
])
def test_counterfactual(clause, said):
    assert counterfactual(clause) is said


@pytest.mark.parametrize("clause, cause", [
    ("We are positioned to achieve this due to our backlog of over 10,000 homes, representing nearly ", True),
    ("Due to strong demand, we expect revenue of ", False),  # the outlook verb comes after the cause
    ("As a result of the progress at both units, we have increased our 2021 adjusted earnings outlook to a range of ",
     False),  # a clause with its own subject after the cause
    ("We expect revenue of ", False),
])
def test_in_cause(clause, cause):
    assert in_cause(clause) is cause


@pytest.mark.parametrize("q2, actual", [
    ("Organic sales were up 17% in the second quarter.", 17.0),
    # a what-if figure is no result: the item stays pending
    ("Excluding the divested line, organic sales would have been up 22% in the second quarter.", None),
])
def test_a_counterfactual_closes_nothing(q2, actual):
    t = _track(("acme_2025q1", "2025Q1", "For the second quarter, we expect organic sales growth of 18% to 20%."),
               ("acme_2025q2", "2025Q2", q2))
    item = t[(t["metric"] == "revenue") & (t["comparison"] == "yoy") & (t["fiscal_period"] == "Q2")]
    assert len(item) == 1
    got = item["actual"].iloc[0]
    assert (None if pd.isna(got) else float(got)) == actual


@pytest.mark.parametrize("text, metric", [
    # the cause of an outlook, not what is expected
    ("We expect to achieve this due to our ending backlog of over 10,000 homes, representing nearly $4.3 billion "
     "in ending backlog value.", "backlog"),
    # a comparison base said with a past verb in an outlook sentence
    ("We anticipate adjusted EBIT being roughly flat versus the prior-year quarter, when adjusted EBIT was up nearly "
     "30%.", "ebit"),
])
def test_no_guide_from_another_year_a_cause_or_a_past_result(text, metric):
    t = _track(("acme_2025q1", "2025Q1", text), ("acme_2025q2", "2025Q2", "Revenue was $100 million in the quarter."))
    assert t[t["metric"] == metric].empty, t[t["metric"] == metric]


def test_an_impact_said_after_a_value_is_no_guide_of_the_metric():
    t = _track(("acme_2025q1", "2025Q1", "For the second quarter, we expect revenue of $1.6 billion. Included in our "
                                         "outlook is approximately $50 million of PPE sales, approximately $10 million"
                                         " of foreign exchange benefit and a 53rd week."))
    guides = sorted(t.loc[t["metric"] == "revenue", "latest_low"].tolist())
    assert 1e7 not in guides and 5e7 in guides, guides


def test_recurring_revenue_is_a_part_not_the_total():
    t = _track(("acme_2025q1", "2025Q1", "For fiscal 2025, we expect recurring revenue growth of 8% to 10% and total "
                                         "revenue growth of 5% to 7%."),
               ("acme_2025q4", "2025Q4", "For fiscal 2025, recurring revenues increased 10%. Total revenue grew 6%."))
    got = {(s if isinstance(s, str) else None): (r["latest_low"], r["actual"]) for s, r in
           t[(t["metric"] == "revenue") & (t["comparison"] == "yoy")].set_index("segment").iterrows()}
    assert got == {"recurring": (8.0, 10.0), None: (5.0, 6.0)}, got


@pytest.mark.parametrize("guide, actual", [
    ("we expect inventory to be up around 10% year over year", 17.0),
    # a change against a year other than the one before: tracked, never closed by a year-over-year result
    ("we expect inventory to be up around 10% versus 2023", None),
    ("we expect inventory to be up around 10% versus 2024, and 5% versus 2023", 17.0),
])
def test_a_guide_against_an_older_year_is_not_closed_by_a_yoy_result(guide, actual):
    t = _track(("acme_2025q1", "2025Q1", f"For the second quarter of 2025, {guide}."),
               ("acme_2025q2", "2025Q2", "Our inventory was up 17% year over year in the second quarter."))
    item = t[(t["metric"] == "inventory") & (t["fiscal_period"] == "Q2") & (t["latest_low"] == 10.0)]
    assert len(item) == 1, t
    got = item["actual"].iloc[0]
    assert (None if pd.isna(got) else float(got)) == actual
