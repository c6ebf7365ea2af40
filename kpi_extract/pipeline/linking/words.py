"""Word lists and patterns the linker rules share (kept out of the rule modules so each
stays small; the cue *lexicons* are data in ``data/cues.json``)."""
from __future__ import annotations

import re

#: confidence of each linking rule (the table in kpi_extract.pipeline.linking.component and docs/linking.md)
CONFIDENCE = {"inside": 0.9, "preceding_near": 0.9, "respectively": 0.85, "following": 0.85,
              "change_target": 0.8, "recorded_in": 0.8, "preceding": 0.75, "frame": 0.6, "following_far": 0.6,
              "carry_over": 0.5, "per_share": 0.4, "open": 0.3}

_COORD = {",", "and", "&", "as", "well", "plus"}
#: first words of a basis phrase said after a value ("$1.01 on an adjusted basis")
_BASIS_OPENERS = {"on", "excluding", "ex", "before", "adjusted", "net", "in", "at"}
#: a per-share amount in a sentence with one of these words is earnings per share
_EARNINGS_WORDS = {"earned", "earn", "earning", "earnings", "eps", "income", "profit", "loss", "lost", "losses"}
_LOSS_WORDS = {"loss", "lost", "losses"}
#: words introducing a comparison period ("compared with the prior-year period")
_COMPARE = {"compared", "versus", "vs", "vs.", "from", "than", "against", "over"}
#: words before a bare period phrase that make it the period of the value before it
_PERIOD_PREPS = {"in", "for", "during", "of", "over", "through", "throughout", "since", "from", "to", "than", "and",
                 "with", "by", "at", "as", "until", "within", "versus", "vs", "vs.", "compared", ","}
#: words that may stand between booked values and their verb ("$6 million in 2020 ... are recorded in")
_BOOKING_FILLERS = {"was", "were", "is", "are", "been", "has", "have", "had", "be", "in", "for", "during", "at",
                    "the", "year", "years", "fiscal", "quarter", ",", "and", "respectively", "approximately",
                    "about", "each", "of", "which", "also", "further", "then", "million", "billion"}
#: rules whose link a list member keeps rather than taking its list head's
_FIRM_RULES = {"respectively", "inside", "following", "recorded_in", "change_target", "frame"}
#: words of the periods listed items carry ("$87 million in 2020 and $92 million in 2019")
_LIST_FILLERS = {"in", "for", "at", "during", "fiscal", "year", "years", "quarter", "as", "of", "ended", "ending",
                 "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
                 "november", "december", "respectively", "approximately", "about", "the"}
_YEAR_TOKEN = re.compile(r"(?:19|20)\d\d")
#: a verb said right before its value ("committed $5.0 billion", "representing 20%")
_VERB_FORM = re.compile(r"[a-z]{3,}(?:ed|ing)")
#: words relating a value to the phrase after it, tried before the phrase before it
_RELATED = (("related", "to"), ("relating", "to"), ("associated", "with"), ("attributable", "to"))
#: ... and tried last ("committed $5.0 billion for the construction of new buildings")
_FOR = (("for",), ("from",))
#: the most tokens a metric, segment or modifier phrase spans (for windowed look-ups)
_LONGEST = 16
#: tokens no link crosses: a list or a new statement begins after them
_BREAKS = {":", ";"}
#: verbs joining a subject to its value
_COPULAS = {"was", "were", "is", "are", "totaled", "totalled", "amounted", "reached", "stood", "came", "include",
            "includes", "included", "comprised", "represented", "represents", "remained"}
#: verbs of booking: "$15 million was recorded in research and development"
_RECORD_VERBS = {"recorded", "recognized", "recognised", "included", "reported", "booked", "classified",
                 "presented", "reflected", "charged", "allocated"}
#: prepositions joining a metric to its complement ("expenses for property and equipment")
_NP_PREPS = {"for", "of", "on", "related", "relating", "associated", "attributable"}
#: words that open an aside between commas
_ASIDE_OPENERS = {"as", "which", "including", "excluding", "net", "defined", "i.e.", "or", "namely", "calculated",
                  "measured", "being", "primarily", "mainly", "mostly", "driven", "reflecting", "due"}
#: words that end an open-vocabulary metric phrase (verbs, pronouns, conjunctions)
_HARD_STOPS = {"was", "were", "is", "are", "be", "been", "has", "have", "had", "will", "would", "could", "should",
               "we", "i", "they", "you", "it", "he", "she", "which", "that", "who", "while", "whereas", "but",
               "and", "or", "also", "recorded", "reported", "generated", "achieved", "delivered", "posted",
               "expect", "expects", "reached", "totaled", "including", "included", "includes", "compared",
               "million", "billion", "thousand", "trillion", "net", "fiscal", "resulted", "resulting", "result"}
#: readings that may stand between a value and the metric after it ("10.3% reported revenue
#: growth", "5% organic sales growth", "2% adjusted EBITDA growth")
_READING_WORDS = {"adjusted", "non", "-", "gaap", "reported", "organic", "underlying", "core", "comparable",
                  "constant", "currency", "like-for-like"}
