"""Cue lists of the linker (``data/cues.json``), compiled once per pipeline."""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from kpi_extract import lexicon
from kpi_extract.errors import LexiconError

__all__ = ["Cues"]


def _phrase_re(forms: Iterable[str]) -> re.Pattern[str]:
    alts = sorted({f.lower() for f in forms}, key=len, reverse=True)
    body = "|".join(re.escape(a).replace(r"\ ", r"\s+") for a in alts)
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)


class Cues:
    """Single-word cue sets (for token tests) and phrase regexes (for sentence tests)."""

    LISTS = ("change_up", "change_down", "change_nouns_after", "level_words", "fillers", "yoy", "qoq",
             "guidance", "target", "carry_starts", "boundary_words", "link_words_after")

    def __init__(self, data: Mapping[str, Any] | None = None):
        self.data = lexicon.packaged("cues.json") if data is None else lexicon.load(data)
        missing = [k for k in self.LISTS if k not in self.data]
        if missing:
            raise LexiconError(f"cues lexicon lacks {', '.join(missing)}")
        words = {k: {w.lower() for w in self.data[k]} for k in self.LISTS}
        self.up, self.down = words["change_up"], words["change_down"]
        self.change = self.up | self.down
        self.after = words["change_nouns_after"]
        self.level = words["level_words"]
        self.fillers = words["fillers"]
        self.boundary = words["boundary_words"]
        self.link_after = words["link_words_after"]
        self.yoy = _phrase_re(self.data["yoy"])
        self.qoq = _phrase_re(self.data["qoq"])
        self.guidance = _phrase_re(self.data["guidance"])
        self.target = re.compile(_phrase_re(self.data["target"]).pattern
                                 + r"|\bby\s+(?:the\s+end\s+of\s+)?(?:fiscal\s+)?(?:19|20)\d\d\b", re.IGNORECASE)
        self.not_guidance = re.compile(r"\b(?:as|than)\s+(?:we\s+|had\s+been\s+|previously\s+)?(?:expected|anticipated|"
                                       r"projected|forecast|guided)\b|\bexpectations?\b", re.IGNORECASE)
        self.carry = _phrase_re(self.data["carry_starts"])
        # first words of the cue phrases: a sentence without any cannot match (a cheap test)
        self.guidance_heads = {p.lower().split()[0] for p in self.data["guidance"]}
        self.target_heads = {p.lower().split()[0] for p in self.data["target"]} | {"by"}
        #: phrases that turn the talk to a segment ("moving on to X", "start with X")
        self.topic_cues = tuple(p.lower() for p in self.data.get("topic_cues", ()))
        #: an outlook said in a sentence of its own ("Turning to our outlook for the third
        #: quarter."): one of ``outlook_words`` (word starts) and one of ``outlook_period_words``
        self.outlook_words = tuple(w.lower() for w in self.data.get("outlook_words", ()))
        self.outlook_period_words = tuple(w.lower() for w in self.data.get("outlook_period_words", ()))
        self.frames = [{**f, "cues": {c.lower() for c in f["cues"]},
                        "count_nouns": {c.lower() for c in f.get("count_nouns", [])}}
                       for f in self.data.get("frames", [])]
