"""The models of the data files read for the whole call (:mod:`kpi_extract.document`) and
by the period tagger: ``reporting.json``, ``periods.json``, ``document.json`` (see
:mod:`kpi_extract.lexicon.schemas` for the others)."""
from __future__ import annotations

from pydantic import Field

from kpi_extract.lexicon.fields import Count, Ints, Data, Forms, Phrase, Positive, Words

__all__ = ["ReportingFile", "PeriodsFile", "DocumentFile"]


class FiscalYearEndCues(Data):
    quarter_end: Words = None
    year_end: Words = None


class PeriodModelData(Data):
    """The reporting-period model: its settings and feature weights (``table|offset|kind``)."""

    max_offset: Positive = None
    early_chars: Count = None
    min_margin: float = Field(default=None, ge=0.0)
    weights: dict[Phrase, float] = None


class ReportingFile(Data):
    """``data/reporting.json``: the cues of the reporting-period reading and its model."""

    comparison_words: Words = None
    comparison_reach: Count = None
    forward_stems: Words = None
    forward_words: Words = None
    forward_words_between: Count = None
    report_after: Words = None
    report_before: Words = None
    guide_after: Words = None
    filing_after: Words = None
    as_of: Words = None
    year_prefixes: Words = None
    relative_years: Ints = None
    title_chars: Count = None
    title_words: Words = None
    title_stop_words: Words = None
    fiscal_year_end_cues: FiscalYearEndCues = None
    two_year_words: Words = None
    past_words: Words = None
    past_words_between: Count = None
    past_after: Words = None
    past_not: Words = None
    forward_after: Words = None
    ytd_words: Words = None
    model: PeriodModelData = None


class PeriodsFile(Data):
    """``data/periods.json``: the words of period references."""

    ordinals: Ints = None
    halves: Forms = None
    months: Words = None
    this_quarter: Words = None
    results_quarter: Words = None
    last_quarter: Words = None
    next_quarter: Words = None
    same_period_last_year: Words = None
    this_year: Words = None
    last_year: Words = None
    next_year: Words = None
    opening_ordinals: Words = None
    opening_quarter_ended: Words = None
    opening_year_results: Words = None
    year_modifier_stops: Words = None
    year_modifier_not_after: Words = None
    cause_openers: Words = None
    announce_nouns: Words = None
    correction_words: Words = None


class Headers(Data):
    prepared: Words = None
    qa: Words = None


class Sections(Data):
    headers: Headers = None
    qa_cues: Words = None
    qa_cue_not_after: Words = None


class Roles(Data):
    analyst: Words = None
    company: Words = None


class Speakers(Data):
    operator: Words = None
    particles: Words = None
    max_name_words: Positive = None
    max_title_words: Positive = None
    not_names: Words = None
    titles: Roles = None
    roster: Roles = None
    opening_paragraphs: Count = None
    handover_cues: Words = None
    operator_max_chars: Count = None
    operator_cues: Words = None
    question_cues: Words = None


class CompanyCues(Data):
    before: Words = None
    after: Words = None


class AdjustedScope(Data):
    window: Count = None
    adjusted_words: Words = None
    exception_cues: Words = None
    scope_phrases: Words = None
    not_scope: Words = None
    partial_words: Words = None
    exclusion_cues: Words = None
    per_share_words: Words = None
    all_words: Words = None
    adjustable_metrics: Words = None
    discussion_verbs: Words = None
    result_nouns: Words = None
    definition_words: Words = None
    discussion_subjects: Words = None
    never_adjusted: Words = None


class ShareCueCarry(Data):
    reach: Count = None
    max_amount: Positive = None
    cues: Words = None
    loss_words: Words = None
    adjusted_words: Words = None
    outlook_words: Words = None


class SegmentTopics(Data):
    max_chars: Positive = None
    connectives: Words = None
    determiners: Words = None
    turn_cues: Words = None
    frame_cues: Words = None
    lead_words: Words = None
    whole_words: Words = None
    company_metrics: Words = None


class DocumentFile(Data):
    """``data/document.json``: sections, speakers, the company and the adjusted scope."""

    sections: Sections = None
    speakers: Speakers = None
    company_window: Count = None
    company_max_words: Positive = None
    company_cues: CompanyCues = None
    company_stop_words: Words = None
    company_not_names: Words = None
    company_joiners: Words = None
    company_suffixes: Words = None
    adjusted_scope: AdjustedScope = None
    share_cue_carry: ShareCueCarry = None
    segment_topics: SegmentTopics = None
