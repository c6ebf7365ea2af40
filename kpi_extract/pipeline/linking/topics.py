"""The segment the talk is on: a sentence turning to one ("Moving on to Enterprise Cloud
Services.") or opening with one ("In our X segment, ...", "Within X, ...") sets the topic
that later values without a segment of their own take (:func:`topic`)."""
from __future__ import annotations

from spacy.tokens import Doc

from kpi_extract.pipeline.linking.context import Layer, Tokens
from kpi_extract.pipeline.linking.cues import Cues
from kpi_extract.pipeline.linking.reading import as_named

__all__ = ["topic"]


def topic(doc: Doc, lower: Tokens, cues: Cues, segs: Layer, bounds: tuple[int, int], current: str | None) -> str | None:
    """A sentence turning to a segment ("Moving on to Enterprise Cloud Services.", "I'll
    start with public cloud.") or opening with one ("In our X segment, ...", "Within X,
    ...": ``topic_frames``) sets the topic for itself and the following sentences of the doc."""
    s_start, s_end = bounds
    for sp in segs:
        k = sp.start
        while k > s_start and lower[k - 1] in cues.segment_determiners:
            k -= 1
        said = " " + " ".join(lower[max(s_start, k - 3):k])
        framed = tuple(lower[s_start:k]) in cues.topic_frames and _frame_ends(lower, cues, sp.end, s_end)
        if s_start <= sp.start < s_end and (framed or said.endswith(cues.topic_cue_ends)):
            hi = sp.end
            for other in segs.within(hi, s_end):
                if other.start == hi:
                    hi = other.end
            return as_named(doc, doc[sp.start:hi].text)
    if any(w in cues.topic_reset_words for w in lower[s_start:min(s_end, s_start + 6)]):
        return None
    return current


def _frame_ends(lower: Tokens, cues: Cues, at: int, s_end: int) -> bool:
    """Whether a framing segment ends its phrase with a comma ("Within X, ...", "In our X
    segment, ..."), not a clause of its own ("In support of ...")."""
    while at < s_end and lower[at] in cues.topic_frame_nouns:
        at += 1
    return at < s_end and lower[at] == ","
