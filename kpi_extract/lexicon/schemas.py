"""One pydantic model per data file a user can extend or replace: what each key of the file
holds. :func:`kpi_extract.lexicon.check` validates data against them (``SCHEMAS``, by file
name) when a lexicon is loaded; every field is optional (:class:`~kpi_extract.lexicon.fields.Data`),
so an extension is checked by the same model as the whole file.

The models check shapes and closed vocabularies (a qualifier's name, a metric's kinds, a
linking rule's direction); what needs the rest of the pipeline (a unit defined in
``units.txt``, a ``margin_of`` naming a metric, a rule's scope) is checked by the code that
reads the file, also with a ``LexiconError``.
"""
from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from kpi_extract.lexicon.document_schemas import DocumentFile, PeriodsFile, ReportingFile
from kpi_extract.lexicon.fields import Count, Data, Factors, Forms, Ints, Fraction, Phrase, Positive, Words

__all__ = ["SCHEMAS", "ValuesFile", "MetricsFile", "SegmentsFile", "ModifiersFile", "CuesFile", "LinkingFile",
           "QUALIFIER_NAMES", "METRIC_KINDS", "RULE_DIRECTIONS"]

#: what a qualifier word may stand for (``range_low``/``range_high`` come from ranges, not words)
QUALIFIER_NAMES = Literal["exact", "approximately", "more_than", "less_than"]
#: the unit kinds a metric's level may take
METRIC_KINDS = Literal["money", "percent", "count", "per_share", "multiple", "ratio"]
#: where a linking rule looks for the metric, seen from the value
RULE_DIRECTIONS = Literal["backward", "forward", "inside", "both"]


# ------------------------------------------------------------------ values.json
class MarginChange(Data):
    nouns: Words = None
    stop_nouns: Words = None
    cues: Words = None
    fillers: Words = None


class BareMoney(Data):
    scales: Words = None
    followers: Words = None
    count_words: Words = None


class ValuesFile(Data):
    """``data/values.json``: the surface forms of values (``make_pipeline(values_lexicon=...)``)."""

    currency_prefix: Forms = None
    currency_suffix: Forms = None
    scale_words: Forms = None
    scale_suffixes: Forms = None
    percent_words: Words = None
    percentage_point_words: Words = None
    basis_point_words: Words = None
    per_unit: Forms = None
    sign_words: Words = None
    tolerance_words: Words = None
    qualifiers: dict[Phrase, QUALIFIER_NAMES] = None
    multiple_words: Factors = None
    fold_words: Factors = None
    times_followers: Words = None
    count_nouns: Words = None
    count_nouns_before: Words = None
    count_stopwords: Words = None
    number_words: Ints = None
    default_currency: Phrase = None
    decrease_cues_before: Words = None
    decrease_cues_after: Words = None
    decrease_cues_adjacent: Words = None
    decrease_grade_words: Words = None
    change_verbs_past: Words = None
    per_unit_cues: Forms = None
    point_words: Words = None
    rate_words: Words = None
    margin_change: MarginChange = None
    fraction_words: Forms = None
    cent_words: Ints = None
    flat_words: Words = None
    points_cues: Words = None
    times_leaders: Words = None
    per_unit_modifiers: Words = None
    per_share_cues: Forms = None
    per_share_max: Positive = None
    per_share_linkers: Words = None
    bare_money: BareMoney = None


# ------------------------------------------------------------------ metrics, segments, modifiers
class Metric(Data):
    """One metric: ``id`` and ``kinds`` are required of every entry."""

    id: Phrase
    kinds: list[METRIC_KINDS] = Field(min_length=1)
    industry: Phrase = None
    synonyms: Words = None
    negative_synonyms: Words = None
    margin_of: Phrase | None = None
    per_share: Phrase | None = None
    percent_change: bool | None = None


class MetricsFile(Data):
    """``data/metrics.json`` (``make_pipeline(extra_metrics=...)``)."""

    metrics: list[Metric] = None


class SegmentInventory(Data):
    max_words: Positive = None
    min_weak_mentions: Count = None
    counts: Words = None
    list_nouns: Words = None
    segment_nouns: Words = None
    weak_nouns: Words = None
    appositive_nouns: Words = None
    determiners: Words = None
    within_cues: Words = None
    turn_cues: Words = None
    generic_heads: Words = None
    joiners: Words = None
    stop_words: Words = None


class SegmentsFile(Data):
    """``data/segments.json``: segment names (``make_pipeline(extra_segments=[...])``) and the
    ``inventory`` words of the document's segment reader."""

    segments: Words = None
    inventory: SegmentInventory = None


class Basis(Data):
    organic: Words = None
    constant_currency: Words = None


class AdjustedReadings(Data):
    words: Words = None
    between: Words = None
    metrics: Words = None


class ModifiersFile(Data):
    """``data/modifiers.json``; ``adjusted_patterns`` are spaCy Matcher patterns (spaCy checks
    each token pattern when it is added)."""

    adjusted: Words = None
    basis: dict[Phrase, Words] = None
    gaap: Words = None
    adjusted_patterns: list[list[dict[str, Any]]] = None
    gaap_verb_subjects: Words = None
    respectively_words: Words = None
    closing_basis_words: Words = None
    pair_basis_words: Words = None
    adjusted_readings: list[AdjustedReadings] = None


# ------------------------------------------------------------------ linking: cues.json, linking.json
class Frame(Data):
    """A verb frame of the linker: its cue words name the metric of a money or count value."""

    cues: Words
    count: Phrase | None = None
    count_nouns: Words = None
    money: Phrase | None = None


class RatioInBasisPoints(Data):
    """A level said in basis points of a base ("38 basis points of average loans"): the base
    nouns and, per metric, the ratio metric its value is."""

    denominators: Words = None
    metrics: dict[Phrase, Phrase] = None


class CuesFile(Data):
    """``data/cues.json``: the linker's cue words (``make_pipeline(extra_cues=...)``)."""

    change_up: Words = None
    change_down: Words = None
    change_nouns_after: Words = None
    revised_from: Phrase = None
    effect_nouns: Words = None
    effect_nouns_negative: Words = None
    level_words: Words = None
    fillers: Words = None
    yoy: Words = None
    qoq: Words = None
    guidance: Words = None
    target: Words = None
    carry_starts: Words = None
    boundary_words: Words = None
    link_words_after: Words = None
    link_possessives: Words = None
    list_words: Words = None
    list_fillers: Words = None
    booking_fillers: Words = None
    record_verbs: Words = None
    copulas: Words = None
    np_preps: Words = None
    aside_openers: Words = None
    change_comparatives: Words = None
    spend_verbs: Words = None
    breaks: Words = None
    reading_words: Words = None
    earnings_words: Words = None
    loss_words: Words = None
    compare_words: Words = None
    period_preps: Words = None
    basis_openers: Words = None
    wide_openers: Words = None
    clause_breaks: Words = None
    hard_stops: Words = None
    determiners: Words = None
    segment_determiners: Words = None
    segment_after_value: Words = None
    total_words: Words = None
    topic_reset_words: Words = None
    open_links_related: Words = None
    open_links_after: Words = None
    open_links_last: Words = None
    year_token: Phrase = None
    verb_form: Phrase = None
    not_guidance: Phrase = None
    target_year: Phrase = None
    frames: list[Frame] = None
    topic_cues: Words = None
    topic_frames: Words = None
    topic_frame_nouns: Words = None
    outlook_words: Words = None
    outlook_period_words: Words = None
    outlook_basis_metrics: Words = None
    outlook_basis_words: Words = None
    outlook_basis_negated: Words = None
    outlook_nouns: Words = None
    negations: Words = None
    range_past_words: Words = None
    compare_only_words: Words = None
    next_item_words: Words = None
    range_from_words: Words = None
    benefit_words: Words = None
    benefit_negates: Words = None
    ratio_in_basis_points: RatioInBasisPoints = None
    phrase_links: Words = None
    phrase_change_links: Words = None
    phrase_stops: Words = None
    parent_cues: Words = None
    item_links: Words = None
    parent_gap_words: Words = None
    result_verbs: Words = None
    phrase_determiners: Words = None
    compound_joiners: Words = None
    generic_totals: Words = None
    subject_pronouns: Words = None
    outlook_reach: Count = None
    link_words_after_points: Words = None
    rough_levels: Words = None
    subordinators: Words = None


class Rule(Data):
    """One linking rule record (its name and the rest are checked against the rules the
    linker knows by :mod:`kpi_extract.pipeline.linking.rules`)."""

    name: Phrase
    direction: RULE_DIRECTIONS = None
    scope: Count | None = None
    confidence: Fraction | None = None
    firm: bool = None
    overrides: Words = None
    example: str = None


class LinkingFile(Data):
    """``data/linking.json``: the linking rules in precedence order (``make_pipeline(linking_rules=...)``)."""

    longest_phrase: Positive = None
    period_after: Count = None
    rules: list[Rule] = None


#: data file name -> its model
SCHEMAS: dict[str, type[Data]] = {
    "values.json": ValuesFile, "metrics.json": MetricsFile, "segments.json": SegmentsFile,
    "modifiers.json": ModifiersFile, "cues.json": CuesFile, "linking.json": LinkingFile,
    "reporting.json": ReportingFile, "periods.json": PeriodsFile, "document.json": DocumentFile,
}
