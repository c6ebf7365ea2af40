"""The linker's cue words and patterns (``data/cues.json``), loaded and compiled once per linker.

Every list is data: a user extends it with ``Cues(extra={...})`` (merged into the packaged
file by :func:`kpi_extract.lexicon.merge`) or replaces the whole file with ``Cues(data)``;
``make_pipeline(extra_cues=...)`` does the former for a pipeline (the ``kpi_linker`` setting
``extra_cues``), which saves the result with it.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from kpi_extract import lexicon
from kpi_extract.errors import LexiconError
from kpi_extract.phrases import phrase_regex

__all__ = ["Cues"]


def _compile(key: str, pattern: Any, flags: int = 0) -> re.Pattern[str]:
    if not isinstance(pattern, str):
        raise LexiconError(f"cues lexicon: {key} must be a regular expression string")
    try:
        return re.compile(pattern, flags)
    except re.error as exc:
        raise LexiconError(f"cues lexicon: {key} is not a valid regular expression: {exc}") from exc


class Cues:
    """Single-word cue sets (for token tests), phrase regexes (for sentence tests) and token
    patterns. Each attribute is named after its list in ``cues.json`` (docs/linking.md)."""

    #: word lists, each read as a set of lowercase words
    LISTS = ("change_up", "change_down", "change_nouns_after", "level_words", "fillers", "boundary_words",
             "link_words_after", "list_words", "list_fillers", "booking_fillers", "record_verbs", "copulas",
             "np_preps", "aside_openers", "breaks", "reading_words", "earnings_words", "loss_words",
             "compare_words", "period_preps", "basis_openers", "wide_openers", "clause_breaks", "hard_stops",
             "determiners", "segment_determiners", "total_words", "topic_reset_words", "link_possessives")
    #: phrase lists, each compiled to one regex (or split into word tuples: ``open_links_*``)
    PHRASES = ("yoy", "qoq", "guidance", "target", "carry_starts", "open_links_related", "open_links_after",
               "open_links_last")
    #: regular expressions: ``year_token`` and ``verb_form`` match a whole lowercased token,
    #: ``not_guidance`` and ``target_year`` search a sentence (case-insensitive)
    PATTERNS = ("year_token", "verb_form", "not_guidance", "target_year")

    def __init__(self, data: Mapping[str, Any] | None = None, *, extra: Mapping[str, Any] | None = None):
        base = lexicon.packaged("cues.json") if data is None else lexicon.load(data, "cues.json", "cues")
        self.data = lexicon.merge(base, lexicon.check("cues.json", extra, "extra_cues")) if extra else base
        missing = [k for k in (*self.LISTS, *self.PHRASES, *self.PATTERNS) if k not in self.data]
        if missing:
            raise LexiconError(f"cues lexicon lacks {', '.join(missing)}")
        bad = [k for k in (*self.LISTS, *self.PHRASES) if not isinstance(self.data[k], list)
               or not all(isinstance(w, str) and w.strip() for w in self.data[k])]
        if bad:
            raise LexiconError(f"cues lexicon: {', '.join(bad)} must be lists of words or phrases")
        words = {k: frozenset(w.lower() for w in self.data[k]) for k in self.LISTS}
        self.up, self.down = words["change_up"], words["change_down"]
        self.change = self.up | self.down
        self.after = words["change_nouns_after"]
        #: comparatives that, right after a value and before "of" / "than", make it a change
        self.comparatives = frozenset(w.lower() for w in self.data.get("change_comparatives", ()))
        #: verbs after which "on" links a value to its metric ("spend $40 million on capital expenditures")
        self.spend_verbs = frozenset(w.lower() for w in self.data.get("spend_verbs", ()))
        #: nouns naming an outlook ("our adjusted guidance of ...": a basis said of the outlook)
        self.outlook_nouns = frozenset(w.lower() for w in self.data.get("outlook_nouns", ()))
        #: nouns of an effect on a metric said after the value ("a 30 basis point impact on ...")
        self.effect_nouns = frozenset(w.lower() for w in self.data.get("effect_nouns", ()))
        self.effect_nouns_negative = frozenset(w.lower() for w in self.data.get("effect_nouns_negative", ()))
        #: words placing a value roughly in its decade ("in the high 30% range", "by mid to high 20%")
        self.rough_levels = frozenset(w.lower() for w in self.data.get("rough_levels", ()))
        self.level = words["level_words"]
        self.fillers = words["fillers"]
        self.boundary = words["boundary_words"]
        self.link_after = words["link_words_after"]
        #: possessives a link word may take before the metric ("$55 million in our cost savings")
        self.link_possessives = words["link_possessives"]
        #: words joining list items ("$A, $B and $C") and words the items' periods bring along
        self.list_words, self.list_fillers = words["list_words"], words["list_fillers"]
        #: booking: "$15 million was recorded in X" (verbs, and the words between values and verb)
        self.record_verbs, self.booking_fillers = words["record_verbs"], words["booking_fillers"]
        #: verbs joining a subject to its value; prepositions joining a metric to its complement
        self.copulas, self.np_preps = words["copulas"], words["np_preps"]
        #: first words of a comma aside; tokens no link crosses
        self.aside_openers, self.breaks = words["aside_openers"], words["breaks"]
        #: readings between a value and the metric after it ("10.3% reported revenue growth")
        self.reading_words = words["reading_words"]
        #: a per-share amount after one of these is earnings per share (a loss when a loss word)
        self.earnings_words, self.loss_words = words["earnings_words"], words["loss_words"]
        #: words before a comparison period; words before a bare period phrase that make it a value's
        self.compare_words, self.period_preps = words["compare_words"], words["period_preps"]
        #: first words of a basis phrase after a value, of a modifier said for the whole sentence;
        #: words starting a clause a modifier after them is not about the value before
        self.basis_openers, self.wide_openers = words["basis_openers"], words["wide_openers"]
        self.clause_breaks = words["clause_breaks"]
        #: words that end an open-vocabulary phrase (verbs, pronouns, conjunctions)
        self.hard_stops = words["hard_stops"]
        #: words skipped between a link word and the metric or phrase after it ("in the X")
        self.determiners = words["determiners"]
        #: words skipped before a segment name ("revenues from our X", "turning to the X")
        self.segment_determiners = words["segment_determiners"]
        #: a metric after one of these (within three words) is the company's total, not the
        #: topic segment's; one of ``topic_reset_words`` among a sentence's first six words
        #: ends the segment topic ("Total revenue was ...")
        self.total_words, self.topic_reset_words = words["total_words"], words["topic_reset_words"]
        self.yoy = phrase_regex(self.data["yoy"])
        self.qoq = phrase_regex(self.data["qoq"])
        self.guidance = phrase_regex(self.data["guidance"])
        self.target = _compile("target", phrase_regex(self.data["target"]).pattern + "|"
                               + _compile("target_year", self.data["target_year"]).pattern, re.IGNORECASE)
        self.not_guidance = _compile("not_guidance", self.data["not_guidance"], re.IGNORECASE)
        #: said right after a value, it makes the value a revised outlook ("$490 million, up
        #: from our previous forecast of $475 million")
        revised = self.data.get("revised_from")
        self.revised_from = _compile("revised_from", revised, re.IGNORECASE) if revised else None
        self.year_token = _compile("year_token", self.data["year_token"])
        self.verb_form = _compile("verb_form", self.data["verb_form"])
        self.carry = phrase_regex(self.data["carry_starts"])
        #: word sequences between a value and its open-vocabulary phrase, tried in this order:
        #: "related to" (before the phrase before the value), "of" / "in", "for" / "from" (last)
        self.open_links_related, self.open_links_after, self.open_links_last = (
            tuple(tuple(p.lower().split()) for p in self.data[k])
            for k in ("open_links_related", "open_links_after", "open_links_last"))
        # first words of the cue phrases: a sentence without any cannot match (a cheap test)
        self.guidance_heads = {p.lower().split()[0] for p in self.data["guidance"]}
        self.target_heads = {p.lower().split()[0] for p in self.data["target"]} | {"by"}
        #: phrases that turn the talk to a segment ("moving on to X", "start with X")
        self.topic_cues = tuple(p.lower() for p in self.data.get("topic_cues", ()))
        self.topic_cue_ends = tuple(" " + c for c in self.topic_cues)  # matched at a word start
        #: words that open a sentence framing it in a segment ("In our X segment, ...",
        #: "Within X, ..."): the segment is the topic from that sentence on
        self.topic_frames = frozenset(tuple(p.lower().split()) for p in self.data.get("topic_frames", ()))
        #: nouns that may stand between a framing segment and its comma ("In our X segment,")
        self.topic_frame_nouns = frozenset(w.lower() for w in self.data.get("topic_frame_nouns", ()))
        #: an outlook said in a sentence of its own ("Turning to our outlook for the third
        #: quarter."): one of ``outlook_words`` (word starts) and one of ``outlook_period_words``
        self.outlook_words = tuple(w.lower() for w in self.data.get("outlook_words", ()))
        self.outlook_period_words = tuple(w.lower() for w in self.data.get("outlook_period_words", ()))
        #: metrics an outlook said on an adjusted basis covers ("Moving on to our non-GAAP guidance.")
        self.outlook_basis_metrics = frozenset(self.data.get("outlook_basis_metrics", ()))
        #: words after an outlook word that say it leaves items out ("Our guidance excludes ...")
        self.outlook_basis_words = frozenset(w.lower() for w in self.data.get("outlook_basis_words", ()))
        #: words that, just before an outlook word, make a sentence no outlook announcement
        #: ("we no longer expect ..."; ``neighbours.outlook``)
        self.negations = frozenset(w.lower() for w in self.data.get("negations", ()))
        #: the same after "not" ("our guidance does not incorporate restructuring charges")
        self.outlook_basis_negated = frozenset(w.lower() for w in self.data.get("outlook_basis_negated", ()))
        #: past-tense words before a range that keep it a result ("was between 40% and 42%")
        self.range_past = frozenset(w.lower() for w in self.data.get("range_past_words", ()))
        #: words that open the next item after a value ("$2.07 to $2.27, with fourth-quarter EPS of
        #: 53 to 59 cents"): a period after them that comes before another value is that value's
        self.next_item = frozenset(w.lower() for w in self.data.get("next_item_words", ()))
        #: words before a period that make it a comparison's, never a value's own ("compared to Q4")
        self.compare_only = frozenset(w.lower() for w in self.data.get("compare_only_words", ()))
        #: metric phrase extent (pipeline/linking/extent.py): links to a post-modifier ("of X",
        #: "related to X"; "in X" after a change noun) and words no metric phrase holds
        self.phrase_links, self.phrase_change_links = (
            tuple(tuple(p.lower().split()) for p in self.data.get(k, ())) for k in ("phrase_links", "phrase_change_links"))
        #: words between a head and "of" ("the value of this debt"); a stop word that joins
        #: two nouns into a compound ("employee related severance")
        self.phrase_determiners = frozenset(w.lower() for w in self.data.get("phrase_determiners", ()))
        self.compound_joiners = frozenset(w.lower() for w in self.data.get("compound_joiners", ()))
        #: stop words before a metric that may still open a wider phrase ("the value of the X",
        #: "X and Y", "other (income) expense", "the net reduction in X")
        self.left_openers = frozenset({"and", "or", ")", "of", "for", *self.phrase_determiners, *self.compound_joiners,
                                       *(w[0] for w in self.phrase_change_links)})
        self.phrase_link_heads = frozenset(w[0] for w in (*self.phrase_links, *self.phrase_change_links))
        self.phrase_stops = (frozenset(w.lower() for w in self.data.get("phrase_stops", ())) | self.boundary
                             | self.hard_stops | self.copulas | self.record_verbs) - {"total", "net"}
        #: parent metrics (pipeline/linking/parents.py): cues between a total and its parts
        #: ("of which", "including"), their first words, and links from a value to its item
        self.parent_cues = tuple(sorted((tuple(p.lower().split()) for p in self.data.get("parent_cues", ())),
                                        key=len, reverse=True))
        self.parent_heads = frozenset(c[0] for c in self.parent_cues)
        #: each cue's longest word: a sentence without any has no part cue (a cheap test)
        self.parent_keys = frozenset(max(c, key=len) for c in self.parent_cues)
        #: "X, which resulted in a $V loss": the value is X's (open_vocabulary.py)
        self.result_verbs = frozenset(w.lower() for w in self.data.get("result_verbs", ()))
        self.subject_pronouns = frozenset(w.lower() for w in self.data.get("subject_pronouns", ()))
        #: words opening a clause with its own subject ("as we lap ...": a period said there is the clause's)
        self.subordinators = frozenset(w.lower() for w in self.data.get("subordinators", ()))
        self.generic_totals = frozenset(w.lower() for w in self.data.get("generic_totals", ()))
        self.parent_gap_words = frozenset(w.lower() for w in self.data.get("parent_gap_words", ()))
        self.item_links = tuple(tuple(p.lower().split()) for p in self.data.get("item_links", ()))
        self.frames = [{**f, "cues": {c.lower() for c in f["cues"]},
                        "count_nouns": {c.lower() for c in f.get("count_nouns", [])}}
                       for f in self.data.get("frames", [])]
