"""Metric phrase extent: a linked metric's words widened to the noun phrase the text says.

The lexicon knows "revenue"; a filing says "membership fee revenue", "depreciation expense
related to property and equipment", "net reduction in sales". After a sentence is linked,
each value's ``metric_text`` span (a lexicon mention or an open phrase) is widened:

- to the left over the phrase's pre-modifiers: words, hyphen or slash compounds
  ("after-tax"), "total" and "net"; not over a value, a determiner, a pronoun, a verb or a
  period word (``cues.json`` ``phrase_stops`` with the boundary, hard-stop, copula and
  booking-verb lists); an -ed / -ing word only where it modifies ("of fully depreciated
  intangible assets", not "we accrued interest payable");
- to the right over post-modifiers: a link of ``phrase_links`` ("of", "for", "related
  to"...; ``phrase_change_links`` after a change noun: "reduction in sales") and the noun
  words after it, repeatedly; ", net of X" right after the phrase.

The metric id, segment and reading stay as linked: only ``metric_text`` / ``metric_start`` /
``metric_end`` change. Hand-written rather than a parser's noun chunks: the pipeline is
``spacy.blank("en")`` (no tagger or parser), and the walk reads only the lowercased tokens
the linker already holds.
"""
from __future__ import annotations

from typing import Any

from kpi_extract.pipeline.linking.context import SentenceContext

__all__ = ["widen", "phrase_bounds"]

#: the most tokens a post-modifier chain adds
MAX_RIGHT = 12
#: the most words a pre-modifier run adds
MAX_LEFT = 6
_JOINERS = ("-", "/", "&")


def _joined(ctx: SentenceContext, k: int) -> bool:
    """Token ``k`` joins the words on its sides without spaces ("after-tax", "gains/losses")."""
    doc = ctx.doc
    return ctx.lower[k] in _JOINERS and k > 0 and k + 1 < len(doc) and not doc[k - 1].whitespace_ \
        and not doc[k].whitespace_ and ctx.lower.alpha[k - 1] and ctx.lower.alpha[k + 1]


def _word(ctx: SentenceContext, k: int, blocked: set[int]) -> bool:
    """Token ``k`` may stand inside a metric phrase."""
    w, lower = ctx.lower[k], ctx.lower
    if k in blocked:
        return False
    doc = ctx.doc
    if lower.alpha[k] and (k + 1 < len(lower) and lower[k + 1] in _JOINERS and not doc[k].whitespace_
                           or k > 0 and lower[k - 1] in _JOINERS and not doc[k - 1].whitespace_):
        return True  # "held-for-sale", "mark-to-market": a compound's words
    return (lower.alpha[k] or _joined(ctx, k)) and w not in ctx.cues.phrase_stops \
        and not ctx.cues.year_token.fullmatch(w)


def _modifier_start(ctx: SentenceContext, k: int) -> bool:
    """The -ed / -ing word at ``k`` opens a noun phrase (after a determiner, a link word,
    punctuation or the sentence start), so it modifies rather than predicates."""
    lower, s_start = ctx.lower, ctx.bounds[0]
    j = k - 1
    while j >= s_start and lower[j].endswith("ly") and lower.alpha[j]:
        j -= 1  # "fully depreciated"
    if j < s_start:
        return True
    w = lower[j]
    return not lower.alpha[j] and w not in _JOINERS or w in ctx.cues.determiners or w in ctx.cues.boundary \
        and w not in ("and", "or", "we", "i", "you", "they", "it", "which", "who", "that")


def _heading(ctx: SentenceContext, k: int, a: int, b: int) -> bool:
    """Token ``k`` belongs to a heading before the phrase ``[a, b)``: a capitalized word the
    phrase repeats ("Compensation Share-based compensation", "Short-Term Debt Short-term debt")."""
    return ctx.lower[k] in ctx.lower[a:b] and ctx.doc[k].text[:1].isupper()


def _conjunct(ctx: SentenceContext, k: int, blocked: set[int]) -> int | None:
    """ "credit and debit card receivables": at the "and" ``k``, the start of a one- or
    two-word first conjunct that no metric mention holds; None otherwise."""
    lower, s_start = ctx.lower, ctx.bounds[0]
    j = k - 1
    while j >= s_start and k - j <= 3 and _word(ctx, j, blocked):
        j -= 1
    if j == k - 1 or k - j > 3 or (j >= s_start and (_word(ctx, j, blocked) or lower[j] in ("and", "or"))):
        return None
    if ctx.metrics.within(j - ctx.longest, k) and any(m.tok_end > j + 1 for m in ctx.metrics.within(j - ctx.longest, k)):
        return None
    return j + 1


def _left(ctx: SentenceContext, a: int, b: int, blocked: set[int], head: bool = True) -> int:
    lower, s_start, cues = ctx.lower, ctx.bounds[0], ctx.cues
    if a <= s_start:
        return a
    w = lower[a - 1]
    if w in cues.phrase_stops and w not in cues.left_openers or a - 1 in blocked:
        return a  # the common case: "the revenue", "was $5 million of revenue"
    verb = cues.verb_form.fullmatch
    if a > s_start + 1 and (lower[a - 1],) in ctx.cues.phrase_change_links and lower[a - 2] in ctx.cues.after:
        a -= 2  # "the net reduction in sales": the change is the metric
    k, words = a - 1, 0
    while k >= s_start and words < MAX_LEFT:
        if lower[k] in ("and", "or") and k + 1 < b:
            j = _conjunct(ctx, k, blocked)
            if j is None:
                break
            k = j - 1
            continue
        if lower[k] == ")" and k - 2 >= s_start and lower[k - 2] == "(" and lower.alpha[k - 1]:
            k -= 3  # "other (income) expense"
            continue
        if lower[k] in ctx.cues.compound_joiners and k - 1 >= s_start and _word(ctx, k - 1, blocked) \
                and lower.alpha[k + 1] and lower[k + 1] not in ctx.cues.phrase_stops and k + 1 < b:
            k -= 1  # "employee related severance": a compound, not "the related tax benefits"
            continue
        if not _word(ctx, k, blocked) or _heading(ctx, k, k + 1, b) \
                or (k > s_start and lower[k - 1] in ctx.cues.subject_pronouns):
            break  # "we unwound hedges": the word after a pronoun is its verb
        if verb(lower[k]) and not (k + 1 < a and lower[k + 1] in _JOINERS) and not _modifier_start(ctx, k):
            break
        if lower[k].endswith("ly") and lower.alpha[k] and not (k + 1 < a and verb(lower[k + 1])):
            break  # an adverb modifies only a participle ("fully depreciated")
        k -= 1
        words += lower.alpha[k + 1]
    a2 = k + 1
    while a2 < a and (lower[a2] in _JOINERS or (lower[a2].endswith("ly") and lower.alpha[a2]
                                                 and not verb(lower[a2 + 1]))):
        a2 += 1
    j = a2 - 1
    while j > s_start and lower[j] in ctx.cues.phrase_determiners:
        j -= 1  # "the value of this long-term debt"
    if head and j > s_start and lower[j] in ("of", "for") and _word(ctx, j - 1, blocked) \
            and lower[a2] not in ctx.cues.after and lower[j - 1] not in ctx.cues.change \
            and lower[j - 1] != "net" and not verb(lower[j - 1]):
        return _left(ctx, j - 1, b, blocked, head=False)  # "the total amount of goodwill"
    return a2


def _noun_run(ctx: SentenceContext, j: int, end: int, blocked: set[int]) -> int:
    """The end of the noun words from ``j`` (determiners skipped; ``j`` when none)."""
    lower = ctx.lower
    verb = ctx.cues.verb_form.fullmatch
    k = j
    while k < end and (lower[k] in ctx.cues.phrase_determiners or lower[k] in ("a", "an")):
        k += 1
    start = k
    while k < end and _word(ctx, k, blocked):
        if verb(lower[k]) and not (k + 1 < end and _word(ctx, k + 1, blocked)):
            break  # "options granted was": the participle closes the phrase
        k += 1
    while k > start and lower[k - 1] in _JOINERS:
        k -= 1
    return k if k > start else j


def _right(ctx: SentenceContext, b: int, blocked: set[int], tail: bool = False) -> int:
    lower, cues = ctx.lower, ctx.cues
    end = ctx.bounds[1]
    if b >= end or b in blocked or not lower.alpha[b] and lower[b] != "," and lower[b] not in _JOINERS:
        return b  # the common case: a value, a period or punctuation after the metric
    best = b
    if b + 3 < end and lower[b:b + 3] == [",", "net", "of"]:  # "capitalized software costs, net of X"
        k = _noun_run(ctx, b + 3, end, blocked)
        if k > b + 3:
            best = k
    if b + 1 < end and lower[b] in ("and", "or") and not ctx.metrics.within(b + 1, b + 5):
        k = _noun_run(ctx, b + 1, min(end, b + 5), blocked)  # "loans and leases", "X and other charges"
        if b + 1 < k and (k >= end or not _word(ctx, k, blocked)) and lower[k:k + 1] != ["and"]:
            return k
    k = _noun_run(ctx, b, min(end, b + 4), blocked)
    if k > b and _closes(ctx, k, blocked):
        return k  # "intangible assets amortization expense was $V": the compound's head
    while best - b < MAX_RIGHT:
        link = None
        if lower[best] in cues.phrase_link_heads:
            links = cues.phrase_links + (cues.phrase_change_links if lower[best - 1] in cues.change else ())
            link = next((w for w in links if tuple(lower[best:best + len(w)]) == w), None)
        if link is None and best + 1 < end and cues.verb_form.fullmatch(lower[best]) and lower[best].endswith("ed") \
                and lower[best] not in cues.record_verbs \
                and lower[best + 1] in ("to", "for", "in", "under", "by", "from", "on", "with"):
            link = (lower[best], lower[best + 1])  # "earnings allocated to common shares was $V"
        if link is None:
            break
        j = best + len(link)
        k = _noun_run(ctx, j, min(end, best + MAX_RIGHT + len(link)), blocked)
        if k == j:
            break
        best = k
    if best > b and not _closes(ctx, best, blocked) and not (tail and _ends(ctx, best)):
        return b
    return best


def _ends(ctx: SentenceContext, k: int) -> bool:
    """The phrase ending before token ``k`` ends its clause (an item after its value)."""
    return k >= ctx.bounds[1] or ctx.lower[k] in (",", ";", ".", ")", "and")


def _closes(ctx: SentenceContext, k: int, blocked: set[int]) -> bool:
    """The phrase ending before token ``k`` is a whole subject or object: a verb of being
    or a value follows it ("provision for litigation was $5 million")."""
    lower = ctx.lower
    end = ctx.bounds[1]
    said = ctx.period_tokens()
    year = ctx.cues.year_token.fullmatch
    while k < end and (k in said or lower[k] == "," or year(lower[k])
                       or (lower[k] == "and" and k + 1 < end and (k + 1 in said or year(lower[k + 1])))):
        k += 1  # "X for 2020 and 2019 was", "X in 2020, 2019 and 2018 were", "X, in 2020, was"
    if k >= end:
        return False
    w = lower[k]
    return k in blocked or w in ctx.cues.copulas or (w == "of" and k + 1 in blocked)


def _trim_open(ctx: SentenceContext, a: int, b: int) -> int:
    """An open phrase without the verb or clause words before its noun phrase ("the company
    made cash contributions" -> "cash contributions"; "g) excludes X" -> "X")."""
    lower, cues = ctx.lower, ctx.cues
    links = {w for link in cues.phrase_links for w in link} | {"in", "with", "to", "at", "by", "as"}
    start = a + 1 if a > ctx.bounds[0] and lower[a - 1] in cues.subject_pronouns and a + 1 < b else a
    for i in range(start, b - 1):
        w = lower[i]
        if (w in links or lower[i + 1] in links) and i > start:
            break  # a post-modifier begins ("fees paid to advisers"): its words are the phrase's
        if (w in cues.phrase_stops and w not in ("and", "or")) or (w in cues.change and w.endswith("ed")) \
                or not (lower.alpha[i] or w in _JOINERS) \
                or (cues.verb_form.fullmatch(w) and i > a and lower.alpha[i - 1] and lower[i - 1] not in cues.phrase_stops
                    and (lower[i + 1] in cues.determiners or ctx.doc[i - 1].text[:1].isupper())) \
                or (i > a and lower[i - 1] in cues.subject_pronouns):  # "we unwound hedges"
            start = i + 1
    while start < b - 1 and lower[start] in cues.determiners:
        start += 1
    return start


def _trim_end(ctx: SentenceContext, a: int, b: int) -> int:
    """The phrase without a dangling link head or stop word at its end ("tax expense related")."""
    lower, cues = ctx.lower, ctx.cues
    heads = {link[0] for link in cues.phrase_links}
    while b - 1 > a and (lower[b - 1] in heads or lower[b - 1] in cues.phrase_stops or lower[b - 1] in _JOINERS):
        b -= 1
    return b


def phrase_bounds(ctx: SentenceContext, a: int, b: int, blocked: set[int] | None = None, *,
                  tail: bool = False) -> tuple[int, int]:
    """Token bounds of the noun phrase around the metric words ``[a, b)`` (``tail``: the
    phrase may end its clause, as an item after its value does, and keep its post-modifiers)."""
    if blocked is None:
        blocked = ctx.value_tokens()
    return _left(ctx, a, b, blocked), _right(ctx, b, blocked, tail)


def widen(ctx: SentenceContext, vals: list[dict[str, Any]]) -> None:
    """Widen each linked value's ``metric_text`` span to its noun phrase (module docstring)."""
    blocked: set[int] | None = None
    lower = ctx.lower
    spans: dict[tuple[int, int], tuple[int, int, str]] = {}
    for v in vals:
        ms = v.get("metric_start")
        if ms is None:
            continue
        key = (ms, v["metric_end"])
        if key not in spans:
            a0, b0 = lower.char_bounds(ms, v["metric_end"])
            if not (ctx.bounds[0] <= a0 < b0 <= ctx.bounds[1]):
                spans[key] = (ms, v["metric_end"], v["metric_text"])
                continue
            if blocked is None:
                blocked = ctx.value_tokens()
            a, b = a0, b0
            if v.get("metric") is None:
                a = _trim_open(ctx, a, b)
                b = _trim_end(ctx, a, b)
            a, b = phrase_bounds(ctx, a, b, blocked)
            if (a, b) == (a0, b0):
                spans[key] = (ms, v["metric_end"], v["metric_text"])
            else:
                s, e = lower.idx[a], lower.ends[b - 1]
                if v.get("metric") is not None:  # a lexicon mention keeps its words
                    s, e = min(s, ms), max(e, v["metric_end"])
                spans[key] = (s, e, ctx.doc_text[s:e])
        v["metric_start"], v["metric_end"], v["metric_text"] = spans[key]
