"""Open vocabulary: the phrase a value is for when no lexicon metric fits (``metric`` stays
``<NA>``, ``metric_text`` names the phrase). Methods of :class:`~kpi_extract.pipeline.linking.component.KpiLinker`."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from spacy.tokens import Doc

from kpi_extract.pipeline.linking.words import CONFIDENCE, _COPULAS, _FOR, _HARD_STOPS, _RELATED, _VERB_FORM, _YEAR_TOKEN

if TYPE_CHECKING:  # the linker's helper types, for annotations only (no import cycle at run time)
    from kpi_extract.pipeline.linking.component import _Tokens, _Values



class OpenVocabulary:
    """The noun phrase before "was V" / "of V" or after "V of" / "V related to"."""

    def _open(self, doc: Doc, lower: "_Tokens", v: dict[str, Any], s_start: int, vals: "_Values") -> None:
        """No lexicon metric fits: name the phrase the value is for (``metric`` stays NA):
        the noun phrase before "of V" / "was V" (skipping asides), else the one after "V of" /
        "V in", else the subject before the value's verb."""
        vs = v["tok_start"]
        k = vs - 1
        while k >= s_start and lower[k] in self.cues.fillers and lower[k] != "of":
            k -= 1
        x_of_v = k >= s_start and lower[k] == "of"
        span = self._phrase_after(lower, v, _RELATED) or (None if x_of_v else self._phrase_after(lower, v))
        if span is None:
            span = self._phrase_before(lower, v, s_start, vals)
        if span is None:
            span = self._phrase_after(lower, v, _FOR)
        if span is None:
            return
        sp = doc[span[0]:span[1]]
        if not sp.text.strip():
            return
        v.update(metric_text=sp.text, metric_start=sp.start_char, metric_end=sp.end_char,
                 confidence=CONFIDENCE["open"], rule="open")

    def _phrase_after(self, lower: "_Tokens", v: dict[str, Any],
                      links: tuple[tuple[str, ...], ...] = (("of",), ("in",))) -> tuple[int, int] | None:
        """ "$601 million of restructuring expenses" -> "restructuring expenses"; ``links`` are
        the word sequences allowed between the value and the phrase."""
        ve = v["tok_end"]
        if v["unit"] == "percent":
            return None
        link = next((w for w in links if tuple(lower[ve:ve + len(w)]) == w), None)
        if link is None:
            return None
        j = ve + len(link)
        while j < len(lower) and lower[j] in ("the", "our", "its", "their"):
            j += 1
        k = j
        while k < min(len(lower), j + 6) and (lower.alpha[k] or lower[k] in ("&", "-", "/")) \
                and lower[k] not in self.cues.boundary:
            k += 1
        return (j, k) if k > j else None

    def _phrase_before(self, lower: "_Tokens", v: dict[str, Any], s_start: int,
                       vals: "_Values") -> tuple[int, int] | None:
        """ "Proceeds from the sale of the business were $45 million" -> the whole subject."""
        vs = v["tok_start"]
        k = vs - 1
        asides = [(a, b) for a, b in vals.asides if b < vs]
        while k >= s_start:
            inside = [a for a, b in asides if a <= k <= b]
            if inside:
                k = inside[0] - 2  # jump over ", including X and Y," to the subject
            elif lower[k] in ("tax", "taxes") and lower[k - 2:k] == ["net", "of"]:
                k -= 3  # ", net of tax of $439 million": the gain, not the tax
            elif lower[k] in ("which", "that") and k > s_start and lower[k - 1] == ",":
                k -= 2  # "those projects, which total $3 million": the antecedent
            elif lower[k] in self.cues.level or lower[k] in self.cues.change \
                    or lower[k] in self.cues.fillers or lower[k] in (",", "by") or lower[k] in _COPULAS \
                    or _YEAR_TOKEN.fullmatch(lower[k]) or (lower[k] in ("for", "in", "during", "fiscal")
                                                          and k + 1 < vs and _YEAR_TOKEN.fullmatch(lower[k + 1])):
                k -= 1  # "X, net, for 2020, 2019 and 2018 includes $A, $B and $C"
            else:
                break
        j = k
        while j >= s_start and j > k - 8 and (lower.alpha[j] or lower[j] in ("&", "-", "/", "(", ")", "'s")) \
                and lower[j] not in _HARD_STOPS:
            j -= 1
        lo, hi = j + 1, k + 1
        while lo < hi and (lower[lo] in self.cues.boundary or lower[lo] in ("(", ")")):
            lo += 1
        while hi > lo and (lower[hi - 1] in self.cues.boundary or _VERB_FORM.fullmatch(lower[hi - 1])):
            hi -= 1  # "PayPal capitalized $347 million": the verb is not the metric
        return (lo, hi) if hi > lo else None
