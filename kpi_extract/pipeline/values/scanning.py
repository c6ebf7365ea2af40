"""Finding values in a text: the :class:`Grammar`'s patterns run over windows around
digits and number words, each match read with its context (qualifier, sign, ranges; the
units the value's own words do not say: :mod:`~kpi_extract.pipeline.values.unsaid`) into a
:class:`~kpi_extract.pipeline.values.mention.Mention`.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal

from kpi_extract.phrases import ascii_words, fold_key, lowered
from kpi_extract.pipeline.values import numbers, unsaid
from kpi_extract.pipeline.values.grammar import Grammar
from kpi_extract.pipeline.values.mention import MAX_GAP, Mention

__all__ = ["Mention", "Scanner", "MAX_GAP", "MAX_EXPONENT", "WINDOW_BEFORE", "WINDOW_AFTER"]


#: a written number with more integer digits than this is not a value (10**100 trillion is
#: still a finite float64; a 400-digit number is inf)
MAX_EXPONENT = 100
#: characters scanned before and after a number: longer than any value with its context
#: ("headcount there to more than 1,000" reaches back furthest)
WINDOW_BEFORE, WINDOW_AFTER = 90, 70
#: pattern forms that can only match text with a digit in it
_DIGIT_ONLY = frozenset({"count", "count_before", "money_bare", "paren"})
_DIGIT = re.compile(r"\d")
_DIGITS = re.compile(r"\d+")
#: digit runs whose windows merge (at most WINDOW_BEFORE + WINDOW_AFTER other characters apart)
_DIGIT_CLUSTERS = re.compile(rf"\d(?:\D{{0,{WINDOW_BEFORE + WINDOW_AFTER}}}\d)*")


def _is_year(num: str) -> bool:
    return bool(re.fullmatch(r"(?:19|20)\d\d", num))


#: a value followed by another range end ("11% to 12%"): not the second end of an "up to" range
_NEXT_RANGE = re.compile(r"\s*(?:to|-|\u2013)\s*[$\d]")


class Scanner(Grammar):
    """A :class:`Grammar` that finds values: ``Scanner(lexicon).find(text)``.

    A subclass rather than a wrapper: the scanning methods read a dozen compiled patterns
    per value, and ``KpiValues.grammar`` (which ``KpiValues.find`` calls for
    :mod:`kpi_extract.pipeline.paragraphs`) stays one object.
    """

    def find(self, text: str) -> list[Mention]:
        """Every value in ``text``, sorted by offset, non-overlapping."""
        found: list[Mention] = []
        windows, low, runs = self._windows(text)
        if not windows:
            return found  # no digit and no number word: nothing to scan for
        has_digit = _DIGIT.search(text) is not None
        # each literal once per window (``lowered`` keeps offsets: a slice of ``low`` is the lowered window)
        present = [{w for w in self.literals if w in win} for win in (low[lo:hi] for lo, hi in windows)]
        words: set[bytes] | None = None  # the text's a-z runs, for the patterns of required_words
        for (form, pattern), needed, needed_words in zip(self.patterns, self.required_sets, self.required_words):
            if not has_digit and form in _DIGIT_ONLY:
                continue
            if needed_words is not None:
                if words is None:
                    words = set(runs)
                if needed_words.isdisjoint(words):
                    continue
            for (lo, hi), here in zip(windows, present):
                if needed is not None and needed.isdisjoint(here):
                    continue
                for m in pattern.finditer(text, lo, hi):
                    mention = self._mention(form, m)
                    if mention is not None:
                        found.append(mention)
        found = [v for v in found if v.form != "points"
                 or self.rate_re.search(self._sentence_before(text, v.start))]  # "margin ... up 3.2 points"
        found.sort(key=lambda v: (v.start, -(v.end - v.start)))
        kept: list[Mention] = []
        for v in found:
            if kept and v.start < kept[-1].end:
                continue
            kept.append(v)
        if any(v.bare for v in kept):
            kept = unsaid.bare_money(self, text, kept)
        unsaid.per_from_cue(self, text, kept)
        unsaid.bare_currency(kept)
        kept = self._ranges(text, kept)
        prev: Mention | None = None
        money_end = -1  # the end of the last money amount
        for v in kept:
            if v.qualifier == "exact":
                v.qualifier = self._qualifier(text, v.start)
            if v.form != "count" and not v.negative and (
                    self._decrease(text, v)
                    or (prev is not None and prev.falling and v.start - prev.end <= MAX_GAP
                        and self.apposition_re.fullmatch(text, prev.end, v.start))):
                v.negative = v.falling = True
            prev = v
            if v.unit == "percent" and (before := self._sentence_before(text, v.start)) \
                    and (mc := self.margin_change_re.search(before)) \
                    and money_end <= v.start - len(before) + mc.start():  # "backlog of $11 billion, up 7%"
                v.unit, v.form = "percentage_point", "margin_change"
            if v.form == "money":
                money_end = v.end
        return kept

    def _windows(self, text: str) -> tuple[list[tuple[int, int]], str, list[bytes]]:
        """Stretches of text around each digit run or number word (``WINDOW_BEFORE`` /
        ``WINDOW_AFTER`` characters, merged): every pattern needs one, so the patterns scan
        only these; the text :func:`~kpi_extract.phrases.lowered`; and its a-z runs
        (:func:`~kpi_extract.phrases.ascii_words`)."""
        out: list[tuple[int, int]] = []
        low = lowered(text)
        runs = ascii_words(low)
        if "fold" in low or self.trigger_bytes.intersection(runs):
            anchors = sorted([m.span() for m in _DIGITS.finditer(text)] + [m.span() for m in self.word_trigger.finditer(text)])
        else:  # digits only: the runs that merge found at once (the same windows, fewer matches)
            anchors = [m.span() for m in _DIGIT_CLUSTERS.finditer(text)]
        for a, b in anchors:
            lo, hi = max(0, a - WINDOW_BEFORE), min(len(text), b + WINDOW_AFTER)
            if out and lo <= out[-1][1]:
                out[-1] = (out[-1][0], max(out[-1][1], hi))
            else:
                out.append((lo, hi))
        return out, low, runs

    def _mention(self, form: str, m: re.Match[str]) -> Mention | None:
        g = m.groupdict()
        start, end = m.span()
        scale = self.scale_words.get(fold_key(g.get("scale") or "")) or self.scale_sfx.get(fold_key(g.get("sfx") or ""))
        try:
            number = self._number(g)
        except ValueError:
            return None
        negative = bool(g.get("sign")) or bool(g.get("p1") or g.get("p2"))
        if g.get("sign") and self.tolerance_re.search(m.string, max(0, m.start("sign") - 12), m.start("sign")):
            start, negative = m.end("sign"), bool(g.get("p1") or g.get("p2"))  # "plus or minus $20 million": a tolerance
        if form == "money":
            cur = fold_key(g["cur"])
            unit = self.cur_pre.get(cur) or self.cur_suf[cur]
            per = self.per_of(g["per"]) if g.get("per") else None
            return Mention(start, end, number, unit, form, scale, per, negative)
        if form == "money_bare":  # "revenue was 4.8 billion" (a count word before it: see find)
            return Mention(start, end, number, self.default_currency, "money", scale, None, negative, bare=True)
        if form == "percent":
            word = fold_key(g["unit"])
            unit = ("percentage_point" if word in self.pp_words else
                    "basis_point" if word in self.bp_words else "percent")
            return Mention(start, end, number, unit, form, negative=negative)
        if form == "points":  # kept only after a margin or rate (see find)
            return Mention(start, end, number, "percentage_point", form, negative=negative)
        if form == "times_after":  # "leverage of 2.5 times": the amount and "times", not the leader
            return Mention(m.start("num") if g.get("num") else m.start("words"), end, number, "multiple", "multiple")
        if form == "coin":
            return Mention(start, end, Decimal(self.cents[fold_key(g["coin"])]), "US_cent", "money")
        if form == "multiple":
            if g.get("mword"):
                number = Decimal(self.multiples[fold_key(g["mword"])])
            elif g.get("fold"):
                number = Decimal(self.folds[fold_key(g["fold"])])
            return Mention(start, end, number, "multiple", form, negative=negative)
        if form in ("count", "count_before"):
            if _is_year(g["num"]) and not scale:
                return None
            if form == "count_before":
                start, end = m.span("num")
            return Mention(start, end, number, "count", "count", scale)
        if form == "paren":
            start, end = m.span("whole")
            return Mention(start, end, number, self.default_currency, form, negative=True)
        raise AssertionError(form)  # pragma: no cover

    def _number(self, g: Mapping[str, str | None]) -> Decimal:
        frac = Decimal(self.fractions[fold_key(g["frac"])]) if g.get("frac") else 0
        if g.get("num"):
            number = numbers.parse_digits(g["num"])
            if number.adjusted() > MAX_EXPONENT:
                raise ValueError("too many digits for a value")  # would overflow float64 once scaled
            return number + frac
        if g.get("words"):
            return numbers.parse_words(g["words"], self.words) + frac
        return Decimal(1)

    # ------------------------------------------------------------------ context
    def _qualifier(self, text: str, start: int) -> str:
        m = self.qual_re.search(text, max(0, start - 30), start)
        return self.qualifiers[fold_key(m["q"])] if m else "exact"

    def _decrease(self, text: str, v: Mention) -> bool:
        """A change said with a falling verb ("decreased by 20%", "a 5% decline") is negative."""
        return bool(self.decrease_before_re.search(text, max(0, v.start - 50), v.start)
                    or self.decrease_after_re.match(text, v.end))

    @staticmethod
    def _sentence_before(text: str, start: int) -> str:
        lo = max(0, start - 300)
        cut = max(text.rfind(". ", lo, start), text.rfind("\n", lo, start), text.rfind("? ", lo, start))
        return text[(cut + 1 if cut >= 0 else lo):start]

    def _ranges(self, text: str, values: list[Mention]) -> list[Mention]:
        """Pair the two ends of "between A and B", "A to B", "A-B" (not "from A to B");
        a bare first end ("10 to 12%") takes the unit of the second, a first end without
        a scale word ("$1.1 to $1.2 billion") takes its scale; a bare second end takes the
        first end's currency ("RMB 1.8 to 2.0 billion")."""
        out: list[Mention] = []
        for i, b in enumerate(values):
            a = out[-1] if out else None
            if a is not None and a.qualifier == "exact" and self._is_range(text, a, b):
                if a.bare and b.form == "money":
                    a.unit = b.unit  # "1.2 billion to 1.3 billion yuan"
                if a.family()[0] == b.family()[0] and (a.per == b.per or a.per is None or b.per is None):
                    if a.scale is None and b.scale is not None and a.unit == b.unit:
                        a.scale = b.scale
                    a.per = b.per = a.per or b.per
                    a.qualifier, b.qualifier = "range_low", "range_high"
            elif b.form == "percent" and b.qualifier == "exact" and (flat := self.flat_re.search(
                    text, max(0, b.start - 40), b.start)) and not (a and a.end > flat.start()):
                out.append(Mention(flat.start("flat"), flat.end("flat"), Decimal(0), b.unit, b.form,
                                   qualifier="range_low"))  # "flat to up 4%"
                b.qualifier = "range_high"
            elif b.form in ("money", "percent", "multiple") and not (a and a.end > b.start - 3):
                head = self.head_re.search(text, max(0, b.start - 40), b.start)
                h_scale = head and (self.scale_words.get(fold_key(head["scale"] or ""))
                                    or self.scale_sfx.get(fold_key(head["sfx"] or "")))
                h_start = head and head.start("num" if head["num"] else "words")
                if head and self._range_words_ok(text, h_start, head["conn"], head["between"], b.form) \
                        and not _is_year(head["num"] or "") and (a is None or a.end <= h_start) \
                        and (not h_scale or b.form == "money") and (h_number := self._head_number(head)) is not None:
                    h_end = max(head.end(k) for k in ("num", "words", "frac", "scale", "sfx") if head[k])
                    if b.form == "money" and not h_scale and b.scale is None and b.number < 1 \
                            and h_number == h_number.to_integral_value() and b.number >= h_number / 100 > 0:
                        h_number = h_number / 100  # "13 to $0.15": 13 cents to 15
                    out.append(Mention(h_start, h_end, h_number, b.unit, b.form, h_scale or b.scale, b.per,
                                       qualifier="range_low"))
                    b.qualifier = "range_high"
            out.append(b)
            nxt = values[i + 1] if i + 1 < len(values) else None
            if b.form == "money" and b.qualifier == "exact":
                tail = self.tail_re.match(text[b.end:b.end + 40])
                if tail and (tail["scale"] or tail["sfx"] or not _is_year(tail["num"])) and (nxt is None or nxt.start >= b.end + tail.end()) \
                        and self._range_words_ok(text, b.start, tail["conn"], None, b.form):
                    t_scale = self.scale_words.get(fold_key(tail["scale"] or "")) or \
                        self.scale_sfx.get(fold_key(tail["sfx"] or ""))
                    if b.scale is None:
                        b.scale = t_scale
                    t_per = self.per_of(tail["per"]) if tail["per"] else b.per
                    b.qualifier, b.per = "range_low", b.per or t_per
                    out.append(Mention(b.end + tail.start("num"), b.end + tail.end(), numbers.parse_digits(tail["num"]),
                                       b.unit, b.form, t_scale or b.scale, t_per, qualifier="range_high"))
        out.sort(key=lambda v: v.start)
        return out

    def _head_number(self, head: re.Match[str]) -> Decimal | None:
        """The number of a range's bare low end ("9 to", "nine to", "nine and a half to")."""
        try:
            return self._number(head.groupdict())
        except ValueError:
            return None

    def _is_range(self, text: str, a: Mention, b: Mention) -> bool:
        if b.start - a.end > MAX_GAP:
            return False  # no connector is that long (and a long run of blanks would be slow to test)
        gap = self.connector_re.fullmatch(text, a.end, b.start)
        if not gap or (" " in gap["conn"].strip() and _NEXT_RANGE.match(text, b.end)):
            return False  # "from 9% to 10% up to 11% to 12%": "up to" opens the next range
        return self._range_words_ok(text, a.start, gap["conn"], None, a.form)

    def _range_words_ok(self, text: str, start: int, conn: str, between: str | None, form: str = "") -> bool:
        before = text[max(0, start - 40):start]
        q = self.qual_re.search(before)
        if q:
            before = before[:q.start()]
        lead = self.between_re.search(before)
        word = fold_key(lead.group(0).split()[0]) if lead else ""
        conn = fold_key(conn)
        if conn == "and":
            return bool(between) or word == "between"
        if word == "from":
            return False  # "from A to B" is a change between two levels
        if form == "money" and conn in ("to", "through", "up to", "and to") and self.change_before_re.search(before):
            return False  # "increased $2 million to $10 million": a change, then the new level
        return True
