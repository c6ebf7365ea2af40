"""The value grammar: regular expressions built from the ``values.json`` lexicon.

Hand-written on purpose: spaCy's tokenizer does not split the forms of written money
(``RMB1.06bn`` is one token, ``$450M`` two, ``(0.12)`` three), and its Matcher can only
test one token at a time, so a value rule over tokens could not report the exact
character span the contract asks for (``text[start:end] == value_text``). These patterns
run over ``doc.text`` once per pattern (linear, no nested quantifiers) and are compiled
once per lexicon; every surface form comes from the data file. Finding values with them
is :class:`~kpi_extract.pipeline.values.scanning.Scanner`'s job.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from kpi_extract.errors import LexiconError
from kpi_extract.phrases import alternation, ascii_words, fold_key, leading, lowered, required
from kpi_extract.pipeline.values import units

__all__ = ["Grammar", "NUM", "LB", "GAP", "CONNECTORS"]

NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+"
LB = r"(?<![\w.,$€£¥₹₩₽₪])"  # not glued to a word or number on the left
GAP = r"[ \t\u00a0]?"  # at most one blank between a symbol and its number
#: "and to" / "up to" join two ends too ("$6.70 and to $7.40", "$0.90 up to $1.00"), tried first
CONNECTORS = r"and\s+to|up\s+to|to|through|-|–|—|and"
#: a character of the same sentence (a decimal point is one)
CLAUSE = r"(?:[^.;!?\n]|\.(?=\d))"
#: the longest stretch of one sentence between two amounts that share a per-share reading
MAX_CLAUSE = 120
#: a pattern needing one of more literals than this runs on every window instead: testing a
#: window for each of its literals (the count nouns) costs more than the pattern itself
PREFILTER_MAX = 50


def _word_runs(forms: Any) -> frozenset[bytes] | None:
    """The longest a-z run of each form (lowered), for forms a pattern matches as whole words
    (a blank before, a word boundary after): each match's text then holds that run as one
    of its a-z runs. None when a form has no a-z letter (nothing to test)."""
    runs = []
    for f in forms:
        pieces = ascii_words(lowered(f))
        if not pieces:
            return None
        runs.append(max(pieces, key=len))
    return frozenset(runs)


def _any_of(forms: Any) -> str:
    """The alternation of ``forms``; a pattern that never matches when there are none."""
    return alternation(forms) or "(?!)"


class Grammar:
    """Compiled value patterns for one lexicon (see ``data/values.json``)."""

    def __init__(self, lex: Mapping[str, Any]):
        try:
            self._build(lex)
        except (KeyError, TypeError, re.error) as exc:
            raise LexiconError(f"invalid values lexicon: {exc!r}") from exc

    def per_of(self, text: str) -> str:
        """The unit after "per" of a matched per phrase ("per adjusted diluted share" -> share)."""
        key = fold_key(text)
        return self.per_unit.get(key) or self.per_nouns[key.split()[-1]]

    # ------------------------------------------------------------------ building
    def _build(self, lex: Mapping[str, Any]) -> None:
        # keys as the matched text is looked up (scanning.py): folded as re.IGNORECASE folds
        low = lambda m: {fold_key(k): v for k, v in m.items()}  # noqa: E731
        self.cur_pre = low(lex["currency_prefix"])
        self.cur_suf = low(lex["currency_suffix"])
        self.scale_words = low(lex["scale_words"])
        self.scale_sfx = low(lex["scale_suffixes"])
        self.per_unit = low(lex["per_unit"])
        self.qualifiers = low(lex["qualifiers"])
        self.words = low(lex["number_words"])
        self.multiples = low(lex["multiple_words"])
        self.folds = low(lex["fold_words"])
        self.pp_words = {fold_key(w) for w in lex["percentage_point_words"]}
        self.bp_words = {fold_key(w) for w in lex["basis_point_words"]}
        self.pct_words = {fold_key(w) for w in lex["percent_words"]}
        self.fractions = low(lex.get("fraction_words", {}))
        self.cents = low(lex.get("cent_words", {}))
        self.default_currency = lex.get("default_currency", "USD")
        #: "plus or minus $20 million", "+/-2%": the sign word is a tolerance's, the value positive
        self.tolerance_re = re.compile(rf"(?:{_any_of(lex.get('tolerance_words', ()))})\s*$", re.IGNORECASE)
        for u in [*self.cur_pre.values(), *self.cur_suf.values(), self.default_currency]:
            units.factor(u)  # fail early on a unit units.txt does not define
        for s in [*self.scale_words.values(), *self.scale_sfx.values()]:
            units.factor("count", s)
        stop = set(map(str.lower, lex["count_stopwords"]))

        spelled_w = alternation([*self.words, "hundred"])
        digit_w = alternation(k for k, v in self.words.items() if v < 10)
        # bounded repeats: an unbounded run of number words would be rescanned from every
        # word that starts it (quadratic on "one hundred and one hundred and ...")
        spelled = (rf"\b(?:{spelled_w})(?:[\s-]+(?:and\s+)?(?:{spelled_w})){{0,6}}"
                   rf"(?:\s+point(?:\s+(?:{digit_w})){{1,4}})?\b")
        # "18 and a half cents": a fraction word after the number (exact: a decimal string in the data)
        frac = rf"(?:\s+(?P<frac>{alternation(self.fractions)})\b)?" if self.fractions else ""
        amount = rf"(?:(?P<num>{NUM})|(?P<words>{spelled})){frac}"
        sign = rf"(?P<sign>(?:{alternation(lex['sign_words'])})\s+|(?<![\w%)])[-−](?=[\d.$€£¥]))?"
        scale = (rf"(?:(?P<sfx>{alternation(self.scale_sfx)})(?![\w])"
                 rf"|[\s-]?(?P<scale>{alternation(self.scale_words)})\b)?")
        # "per adjusted diluted share": modifiers between "per" and a per-unit noun (see per_of)
        self.per_nouns = {k.split()[1]: v for k, v in self.per_unit.items() if k.startswith("per ") and len(k.split()) == 2}
        mods = lex.get("per_unit_modifiers", ())
        per_forms = alternation(self.per_unit) + (
            rf"|(?:per|a)\s+(?:(?:{alternation(mods)})[\s-]+){{1,3}}(?:{alternation(self.per_nouns)})" if mods else "")
        per = rf"(?:\s+(?P<per>{per_forms})\b)?"
        unit_words = [*self.pp_words, *self.bp_words, *self.pct_words]
        flags = re.IGNORECASE
        # look-aheads on the first characters the matches can start with (phrases.leading): re
        # tries the long alternations at far fewer places (the same matches)
        signs = lex["sign_words"]
        bare = lex.get("bare_money") or {}
        bare_scales = [fold_key(w) for w in bare.get("scales", ())]
        for w in bare_scales:
            if w not in self.scale_words:
                raise LexiconError(f"bare_money scale {w!r} is not one of scale_words")
        at_amount = leading([*self.words, "hundred", *signs], "0123456789.-−")
        at_number = leading(signs, "0123456789.-−")
        self.patterns: list[tuple[str, re.Pattern[str]]] = [
            ("money", re.compile(
                leading([*self.cur_pre, *signs], "(-−") + rf"{LB}(?P<p1>\()?{sign}(?P<cur>{alternation(self.cur_pre)}){GAP}(?P<p2>\()?{amount}(?(p2)(?P<pc>\))?){scale}"
                rf"(?(pc)|(?(p2)\)|(?(p1)\))))(?![\d%]){per}", flags)),
            ("money", re.compile(
                at_amount + rf"{LB}{sign}{amount}{scale}\s+(?P<cur>{alternation(self.cur_suf)})\b{per}", flags)),
            ("percent", re.compile(
                leading([*self.words, "hundred", *signs], "0123456789.-−(") + rf"{LB}(?P<p1>\()?{sign}{amount}(?(p1)(?P<pc>\))?)\s?"
                rf"(?P<unit>{alternation(unit_words)})(?![A-Za-z])(?(p1)(?(pc)|\)))", flags)),
            ("points", re.compile(at_number + rf"{LB}{sign}(?P<num>{NUM})\s(?:{alternation(lex['point_words'])})\b", flags)),
            ("multiple", re.compile(at_number + rf"{LB}{sign}(?P<num>{NUM})\s?[x×](?![\w-])", flags)),
            ("multiple", re.compile(
                rf"{LB}(?:(?P<num>{NUM})|(?P<fold>{alternation(self.folds)}))[\s-]?fold\b", flags)),
            ("multiple", re.compile(rf"\b(?P<mword>{alternation(self.multiples)})\b", flags)),
            ("multiple", re.compile(
                rf"{LB}{amount}\s+times(?=\s+(?:{alternation(lex['times_followers'])})\b)", flags)),
            # "leverage of about 2.5 times": the value is the amount (see scanning, form "times_after")
            ("times_after", re.compile(
                rf"\b(?:{_any_of(lex.get('times_leaders', ()))})\b[^.;:\d%$€£¥]{{0,30}}?{LB}{amount}\s+times\b", flags)),
            # "a penny": a coin said as a value
            ("coin", re.compile(rf"\b(?P<coin>{_any_of(self.cents)})\b", flags)),
            ("count", re.compile(
                leading((), "0123456789.") + rf"{LB}(?P<num>{NUM})(?:\s+(?P<scale>{alternation(self.scale_words)})\b)?"
                rf"(?:\s+(?!(?:{alternation(stop)})\b)[A-Za-z][\w-]*){{0,2}}?\s+(?:{alternation(lex['count_nouns'])})\b",
                flags)),
            ("count_before", re.compile(
                rf"\b(?:{alternation(lex['count_nouns_before'])})\b[^.;:\n\d%$€£¥]{{0,40}}?{LB}(?P<num>{NUM})"
                rf"(?![\d.,]*\s*(?:%|percent|per\b|{alternation(self.scale_words)}|years?|months?|quarters?|x\b))",
                flags)),
            # "operating income was 182 million, up 5%": no currency said (see bare_money in values.json)
            ("money_bare", re.compile(
                leading((), "0123456789.") + rf"{LB}(?P<num>{NUM})[\s-]?(?P<scale>{_any_of(bare_scales)})\b"
                rf"(?=\s*(?:[,.;:!?)]|$)|\s+(?:{_any_of(bare.get('followers', ()))})\b)", flags)),
            ("paren", re.compile(
                r"(?:per (?:diluted |basic )?(?:share|ADS)|EPS|loss per)[^.;\n]{0,40}?(?<![\w])"
                r"(?P<whole>\((?P<num>\d+\.\d+)\))", flags)),
        ]
        # a literal (lowercase) each match of the pattern contains: a window holding none of
        # its pattern's literals is not scanned by that pattern (same matches, less scanning)
        self.required: list[tuple[str, ...]] = [required(forms) for forms in (
            self.cur_pre, self.cur_suf, unit_words, lex["point_words"], ("x", "×"), ("fold",), self.multiples,
            ("times",), ("times",), self.cents, lex["count_nouns"], lex["count_nouns_before"], bare_scales, ("(",))]
        assert len(self.required) == len(self.patterns)
        #: every literal some pattern needs, tested once per window (then per pattern a set test)
        self.required_sets: list[frozenset[str] | None] = [
            frozenset(needed) if len(needed) <= PREFILTER_MAX else None for needed in self.required]
        self.literals: tuple[str, ...] = tuple(sorted({w for needed in self.required_sets if needed for w in needed}))
        #: the count nouns, too many to test one by one, are matched as whole words: a text
        #: whose a-z runs (:func:`~kpi_extract.phrases.ascii_words`) hold no run of any of them is not scanned for counts
        self.required_words: list[frozenset[bytes] | None] = [
            _word_runs(lex["count_nouns"]) if form == "count" else None for form, _ in self.patterns]
        self.trigger_words = {w.split()[0].lower() for w in [*self.words, *self.multiples, *self.folds, "hundred"]}
        self.trigger_words |= {w.split()[-1].lower() for w in self.cents}
        self.trigger_bytes = {w.encode("ascii", "replace") for w in self.trigger_words}
        self.word_trigger = re.compile(
            rf"\b(?:{alternation([*self.words, *self.multiples, *self.folds, *self.cents, 'hundred'])})", flags)
        self.rate_re = re.compile(rf"\b(?:{alternation([*lex['rate_words'], *lex.get('points_cues', ())])})\b", flags)
        self.qual_re = re.compile(rf"(?:^|(?<=[^\w]))(?P<q>{alternation(self.qualifiers)})\s*(?:of\s+)?$", flags)
        quals = alternation(self.qualifiers)
        # "down another 3 basis points", "down a modest 2%": words that only grade the change
        grades = rf"(?:(?:{alternation(lex['decrease_grade_words'])})\s+)?" if lex.get("decrease_grade_words") else ""
        tail_words = rf"\s+(?:(?:by|of)\s+)?(?:(?:a|an)\s+)?{grades}(?:(?:{quals})\s+)?$"
        self.decrease_before_re = re.compile(  # "decreased year-over-year by 40 basis points"
            rf"\b(?:{alternation(lex['decrease_cues_before'])})(?:\s+(?!(?:to|from|in|at)\b)[a-z]+(?:-[a-z]+)*){{0,2}}?"
            rf"{tail_words}|\b(?:{alternation(lex['decrease_cues_adjacent'])})(?:\s+[a-z]+ly)?{tail_words}", flags)
        # "decreased $3 million, or 5%, to": the apposition takes the sign of the change before it
        self.apposition_re = re.compile(rf"\s*(?:,\s*)?or\s+(?:(?:{quals})\s+)?", flags)
        # "increased $2 million to $10 million" is a change and a level, not a range
        self.change_before_re = re.compile(
            rf"\b(?:{alternation(lex['change_verbs_past'])})(?:\s+by)?\s+$", flags)
        # the amount of "EPS was $0.12" / "loss per ADS of (0.24)" is per share / per ADS
        self.per_cues = {k: v for k, v in self.per_unit.items() if k.startswith("per ")}
        self.per_cues.update(low(lex["per_unit_cues"]))
        self.per_cue_re = re.compile(rf"\b(?P<cue>{alternation(self.per_cues)})\b{CLAUSE}*$", flags)
        self.clause_re = re.compile(rf"{CLAUSE}{{0,{MAX_CLAUSE}}}", flags)
        # "adjusted earnings were $1.10" / "$1.10 in adjusted earnings per share": an unscaled amount per share
        self.per_share_cues = low(lex.get("per_share_cues", {}))
        self.per_share_max = lex.get("per_share_max", 1000)
        self.earn_cue_re = re.compile(rf"\b(?P<cue>{_any_of(self.per_share_cues)})\b{CLAUSE}*$", flags)
        self.per_after_re = re.compile(
            rf"\s+(?:(?:{_any_of(lex.get('per_share_linkers', ()))})\s+)?(?:[\w-]+\s+){{0,3}}?(?:(?:{_any_of(self.per_share_cues)})"
            rf"\s+(?P<per>{per_forms})|(?P<cue>{alternation(low(lex['per_unit_cues']))}))\b", flags)
        # "shares outstanding were 179 million": a count word shortly before a bare amount
        count_words = [*lex["count_nouns"], *lex["count_nouns_before"], *bare.get("count_words", ())]
        self.bare_count_re = re.compile(leading(count_words) + rf"\b(?:{_any_of(count_words)})\b(?:\s+[\w-]+){{0,4}}\s+$", flags)
        # "a 9% year-on-year decline": a hyphenated comparison may stand between value and cue
        nouns = [w for w in lex["decrease_cues_after"] if w.split()[0] not in ("lower", "less")]  # not "5% y-o-y less"
        self.decrease_after_re = re.compile(rf"\s+(?:(?:{alternation(lex['decrease_cues_after'])})"
                                            rf"|[a-z]+(?:-[a-z]+)+\s+(?:{alternation(nouns)}))\b", flags)
        self.between_re = re.compile(
            r"\bbetween\s+$|\brange\s+of\s+$|\brang(?:e|es|ed|ing)\s+from\s+$|\bfrom\s+$", flags)
        self.head_re = re.compile(
            rf"(?P<between>\bbetween\s+)?\+?{LB}{amount}{scale}\s*(?P<conn>{CONNECTORS})\s*\+?$", flags)  # "+12 to +13%"
        # "flat to up 4%": the low end of the range is zero
        self.flat_re = re.compile(rf"\b(?P<flat>{_any_of(lex.get('flat_words', ()))})\s+to\s+(?:(?:up|down)\s+)?(?:(?:{quals})\s+)?$", flags)
        self.tail_re = re.compile(rf"^\s*(?P<conn>{CONNECTORS})\s*(?P<num>{NUM}){scale}{per}", flags)
        self.connector_re = re.compile(rf"\s*(?P<conn>{CONNECTORS})\s*", flags)
        mc = lex["margin_change"]
        self.margin_change_re = re.compile(
            rf"\b(?:{alternation(mc['nouns'])})\b(?:(?!\b(?:{alternation(mc['stop_nouns'])})\b)(?:[^.;!?]|\.(?=\d)))*"
            rf"\b(?:{alternation(mc['cues'])})(?:\s+(?:{alternation(mc['fillers'])}))*\s*$", flags)
