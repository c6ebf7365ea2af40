"""Linking one sentence: the rules applied in their data order, and a link booked on its value.

This module is the one place the rules' precedence lives (docs/linking.md). For each value,
the rules of ``data/linking.json`` are tried in order and the first that links the value
wins, with three steps that are code, not data:

- a rule that lists others in ``overrides`` (``frame``) is tried right after one of them
  links the value, and replaces that link when its own anchor stands after their metric;
- a phrase (``OpenPhrase``) found by an earlier rule (``recorded_in``, ``change_target``)
  is booked at once as ``open``: no list sharing, no later rule;
- the ``list`` record marks where a list member takes its list head's link: it replaces
  what the rules before it found unless that link's rule is ``firm``, and clears it when
  the head was booked into an open phrase.

Per-sentence rules (``recorded_in``, ``respectively``) answer for all values of the sentence
before any value is linked.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from spacy.tokens import Doc

from kpi_extract.errors import LexiconError
from kpi_extract.pipeline import extensions
from kpi_extract.pipeline.linking import basis, finders, neighbours, pairing
from kpi_extract.pipeline.linking.basis import adjusted, apposition_adjusted
from kpi_extract.pipeline.linking.context import (
    Choice,
    Layer,
    Link,
    MetricMention,
    OpenPhrase,
    SentenceContext,
    SentenceValues,
    Tokens,
)
from kpi_extract.pipeline.linking.cues import Cues
from kpi_extract.pipeline.linking.extent import widen
from kpi_extract.pipeline.linking.open_vocabulary import open_phrase
from kpi_extract.pipeline.linking.parents import assign_parents
from kpi_extract.pipeline.linking.reading import (
    comparison,
    from_to,
    period,
    segment,
    share_ranges,
)
from kpi_extract.pipeline.linking.role import role
from kpi_extract.pipeline.linking.rules import NAMES, LinkRule, RuleSet
from kpi_extract.pipeline.metrics.lexicon import MetricInfo, MetricLexicon

__all__ = ["RulePlan", "link_sentence", "money_twin", "sentence_context", "PER_SHARE_MAX"]

Finder = Callable[[SentenceContext, dict[str, Any], LinkRule], Choice | None]

#: rules that answer for one value
FINDERS: dict[str, Finder] = {
    "change_target": finders.change_target, "inside": finders.inside, "following": finders.following,
    "preceding_near": finders.preceding, "preceding": finders.preceding, "following_far": finders.following_far,
    "carry_over": finders.carry_over, "frame": finders.frame, "per_share": finders.per_share, "open": open_phrase,
}
#: rules that answer for all values of a sentence at once
PER_SENTENCE: dict[str, Callable[[SentenceContext, LinkRule], dict[int, Choice]]] = {
    "recorded_in": pairing.recorded_in, "respectively": pairing.respectively,
}
if set(NAMES) != {*FINDERS, *PER_SENTENCE, "list"}:
    raise LexiconError(f"linking rules without code: {', '.join(sorted(set(NAMES) - {*FINDERS, *PER_SENTENCE}))}")


#: links whose words are not a noun phrase of the sentence (a verb cue, the value itself)
_NOT_WIDENED = ("frame", "per_share", "carry_over")


def _prepared(ctx: SentenceContext, v: dict[str, Any], rule: LinkRule) -> Choice | None:
    return ctx.prepared[rule.name].get(id(v))


class RulePlan:
    """A :class:`RuleSet` resolved to code once per linker: each step is (rule, finder, the
    rules overriding it); the ``list`` step has no finder."""

    def __init__(self, rules: RuleSet):
        if "open" not in rules.by_name:
            raise LexiconError("linking rules: the open rule is required (it scores every phrase link)")
        self.rules = rules
        self.confidence = rules.confidence
        self.per_sentence = [(r, PER_SENTENCE[r.name]) for r in rules.rules if r.name in PER_SENTENCE]
        overriding: dict[str, list[tuple[LinkRule, Finder]]] = {}
        for r in rules.rules:
            for name in r.overrides:
                overriding.setdefault(name, []).append((r, FINDERS.get(r.name, _prepared)))
        self.steps = [(r, None if r.name == "list" else FINDERS.get(r.name, _prepared), overriding.get(r.name, ()))
                      for r in rules.rules]

    def choose(self, ctx: SentenceContext, v: dict[str, Any]) -> Choice | None:
        """The first link the rules give ``v``, in their order (see the module docstring)."""
        choice: Choice | None = None
        for rule, find, overriders in self.steps:
            if find is None:
                if not isinstance(choice, OpenPhrase):
                    choice = self._share_list(ctx, v, choice)
                continue
            if choice is not None:
                continue
            choice = find(ctx, v, rule)
            if overriders and isinstance(choice, Link):
                for other, other_find in overriders:
                    alt = other_find(ctx, v, other)
                    if isinstance(alt, Link) and alt.mention.tok_start >= choice.mention.tok_end:
                        choice = alt
                        break
        return choice

    def _share_list(self, ctx: SentenceContext, v: dict[str, Any], choice: Link | None) -> Link | None:
        """ "$A, $B and $C", "$A in 2020 and $B in 2019": a list shares its first value's link."""
        head = ctx.listed.get(id(v))
        if head is None or (choice is not None and self.rules.firm(choice.rule)):
            return choice
        shared = ctx.chosen.get(id(head))
        c = finders.compatible(ctx.lex.metrics[shared.mention.metric], v) if shared is not None else None
        if c is not None:
            # "net income of $104 million, $1.11 per share": the member's own form of the metric (EPS)
            own = c[0] != shared.metric_id and v["unit"].endswith(("/share", "/ADS"))
            return Link(shared.mention, c[0], c[1], shared.rule) if own else shared
        if head.get("rule") == "open":
            return None
        return choice


#: an amount this large is never per share ("$800 million in dividends" is the dividends paid)
PER_SHARE_MAX = 1e6


def money_twin(lex: MetricLexicon, per_share_id: str) -> MetricInfo | None:
    """The money metric whose per-share form is ``per_share_id`` (dividends paid for the
    dividend per share, net income for EPS), or None."""
    return next((info for info in lex.metrics.values() if info.per_share == per_share_id
                 and "money" in info.kinds), None)


def _first(pattern: Any, text: str, exclude: Any = None) -> int | None:
    """Where ``pattern`` first matches ``text`` outside the matches of ``exclude``."""
    blocked: list[tuple[int, int]] | None = None  # found once a match needs it (most sentences have none)
    for mm in pattern.finditer(text):
        if blocked is None:
            blocked = [b.span() for b in exclude.finditer(text)] if exclude else []
        if not any(a <= mm.start() < b for a, b in blocked):
            return mm.start()
    return None


def sentence_context(doc: Doc, lower: Tokens, lex: MetricLexicon, cues: Cues, bounds: tuple[int, int],
                     vals: list[dict[str, Any]], layers: dict[str, Layer],
                     carry: tuple[MetricMention, MetricInfo] | None, topic: str | None, *,
                     period_after: int, longest: int) -> SentenceContext:
    """The context of the sentence ``bounds`` holding ``vals`` (its guidance and target cues,
    asides, the first position of each word); sets each value's ``sent_start`` / ``sent_end``."""
    s_start, s_end = bounds
    base, end = lower.idx[s_start], lower.ends[s_end - 1]  # the Span's start_char / end_char, no Span made
    doc_text = extensions.doc_text(doc)
    text = doc_text[base:end]  # Span.text would join the tokens anew
    for v in vals:
        v["sent_start"], v["sent_end"] = base, end
    words = set(lower[s_start:s_end])
    guidance_at = _first(cues.guidance, text, exclude=cues.not_guidance) if words & cues.guidance_heads else None
    target = bool(words & cues.target_heads) and _first(cues.target, text) is not None
    # first position of each word of the sentence (read backwards: the first position wins)
    first = dict(zip(reversed(lower[s_start:s_end]), range(s_end - 1, s_start - 1, -1)))
    return SentenceContext(
        doc=doc, lower=lower, lex=lex, cues=cues, bounds=bounds, base=base, text=text, doc_text=doc_text,
        vals=SentenceValues(vals, pairing.asides(lower, cues, s_start, s_end)),
        metrics=layers["metrics"].within(s_start, s_end), periods=layers["periods"].within(s_start, s_end),
        mods=layers["mods"].within(s_start, s_end), segs=layers["segs"].within(s_start, s_end),
        guidance_at=guidance_at, target=target, first=first, carry=carry, topic=topic, period_after=period_after,
        longest=longest)


def link_sentence(ctx: SentenceContext, plan: RulePlan) -> tuple[MetricMention, MetricInfo] | None:
    """Link every value of the sentence; the last link made ((mention, info), for the
    carry-over rule of the next sentences) or None."""
    for rule, prepare in plan.per_sentence:
        ctx.prepared[rule.name] = prepare(ctx, rule)
    neighbours.range_from(ctx)
    ctx.listed = pairing.listed(ctx)
    vals, conf = ctx.vals, plan.confidence
    last = None
    for i, v in enumerate(vals):
        ctx.after_change = bool(i) and vals[i - 1].get("role") == "change"
        choice = neighbours.basis_point_ratio(ctx, v) or plan.choose(ctx, v)
        choice = finders.carried_head(ctx, v, choice) or choice
        if isinstance(choice, Link):
            last = _book(ctx, v, choice, conf[choice.rule])
            neighbours.benefit_sign(ctx, v)
            neighbours.effect_sign(ctx, v)
            neighbours.fell_to_sign(ctx, v)
            continue
        if choice is not None:  # booked into a line the lexicon lacks
            v.update(metric_text=choice.text, metric_start=choice.start, metric_end=choice.end,
                     confidence=conf["open"], rule="open")
        v.setdefault("role", role(ctx, v, None))
        period(ctx, v)
    from_to(ctx)
    neighbours.listed_sign(ctx)
    neighbours.per_share_change(ctx)
    share_ranges(vals)
    apposition_adjusted(ctx)
    widen(ctx, [v for v in vals if v.get("rule") not in _NOT_WIDENED])
    basis.phrase_basis(ctx)
    basis.outlook_noun_basis(ctx)
    assign_parents(ctx)
    return last


def _book(ctx: SentenceContext, v: dict[str, Any], link: Link, confidence: float) -> tuple[MetricMention, MetricInfo]:
    """Set the link's metric and the value's reading (role, comparison, sign, per-share
    unit, adjusted, segment, period) on ``v``."""
    ctx.chosen[id(v)] = link
    m = link.mention
    info = ctx.lex.metrics[link.metric_id]
    if "per_share" in info.kinds and "money" not in info.kinds and len(v["unit"]) == 3 \
            and abs(v["value"]) >= PER_SHARE_MAX:  # "$2.1 billion in dividends": the total, not per share
        twin = money_twin(ctx.lex, info.id)
        if twin is not None:
            link = Link(link.mention, twin.id, link.hint, link.rule)
            info = twin
    v.update(metric=link.metric_id, metric_text=ctx.doc_text[m.start:m.end], metric_start=m.start,
             metric_end=m.end, confidence=confidence, rule=link.rule)
    r = v["role"] = role(ctx, v, link.hint, m.tok_end)
    if r == "change" or (r in ("guidance", "target") and (link.hint == "change" or v["unit"] == "percentage_point")):
        v["comparison"] = comparison(ctx, v["start"] - ctx.base)
    if m.negative and v["value"] > 0 and r != "change":
        v["value"] = -v["value"]
    if "per_share" in info.kinds and "/" not in v["unit"] and len(v["unit"]) == 3 and abs(v["value"]) < PER_SHARE_MAX:
        v["unit"] = v["unit"] + "/share"
    v["adjusted"] = adjusted(ctx, m, v)
    seg = v.pop("segment_pair", None) or segment(ctx, m, v)
    if seg:
        v["segment"] = seg
    period(ctx, v)
    return m, info
