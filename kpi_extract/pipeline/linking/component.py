"""The ``kpi_linker`` component: each value tied to its metric, segment and reading.

Requires: ``doc._.kpi_values`` (``kpi_values``), ``doc._.kpi_metrics`` and the
``kpi_modifiers`` / ``kpi_segments`` span groups (``kpi_metrics``), sentence boundaries.
Assigns: on each dict of ``doc._.kpi_values``: ``metric``, ``metric_text``, ``metric_start``,
``metric_end``, ``segment``, ``adjusted``, ``role``, ``comparison``, ``confidence``, ``rule``;
``value`` and ``unit`` when the link fixes a sign ("net loss of") or a unit (``USD/share``).

Linking works like medspaCy's ConText: a value looks for a metric in its sentence through
an ordered list of rules, each with a direction and a scope in tokens, and never crosses the
sentence except by the carry-over rule ("It was up 5%" after a sentence naming the metric).
The rules, their order and confidences are data (``data/linking.json``, loaded by
:mod:`~kpi_extract.pipeline.linking.rules`), the cue words too (``data/cues.json``,
:class:`~kpi_extract.pipeline.linking.cues.Cues`); a pipeline extends the cues or replaces the
rules through the factory's settings (``extra_cues``, ``linking_rules``), and saves both.
This module walks the sentences; :mod:`~kpi_extract.pipeline.linking.sentence` links one.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from spacy import util
from spacy.language import Language
from spacy.tokens import Doc

from kpi_extract import lexicon
from kpi_extract.pipeline import extensions
from kpi_extract.pipeline.linking import basis
from kpi_extract.pipeline.linking.causes import in_cause
from kpi_extract.pipeline.linking.context import Layer, MetricMention, read_tokens
from kpi_extract.pipeline.linking.cues import Cues
from kpi_extract.pipeline.linking.neighbours import outlook, outlook_basis
from kpi_extract.pipeline.linking.rules import RuleSet, load_rules
from kpi_extract.pipeline.linking.sentence import RulePlan, link_sentence, sentence_context
from kpi_extract.pipeline.linking.topics import topic
from kpi_extract.pipeline.metrics.component import KpiMetrics
from kpi_extract.pipeline.metrics.lexicon import MetricLexicon, packaged_lexicon

__all__ = ["KpiLinker", "make_kpi_linker"]

_MENTION_KEYS = ("metric", "negative", "start", "end", "tok_start", "tok_end")


@Language.factory(
    "kpi_linker",
    assigns=["doc._.kpi_values"],
    requires=["doc._.kpi_values", "doc._.kpi_metrics"],
    default_config={"extra_cues": "", "linking_rules": ""},
)
def make_kpi_linker(nlp: Language, name: str, *, extra_cues: str = "", linking_rules: str = "") -> KpiLinker:
    """Factory of :class:`KpiLinker` (``nlp.add_pipe("kpi_linker")`` after ``kpi_metrics``).

    ``extra_cues`` (a JSON object extending ``data/cues.json``) and ``linking_rules`` (a JSON
    object in the form of ``data/linking.json`` replacing it; ``""``: the packaged rules) are
    JSON text, as :func:`kpi_extract.lexicon.to_config` writes it;
    ``make_pipeline(extra_cues=..., linking_rules=...)`` fills them in.
    """
    return KpiLinker(nlp, name, extra_cues=lexicon.from_config(extra_cues, dict),
                     linking_rules=lexicon.from_config(linking_rules, dict) if linking_rules else None)


class KpiLinker:
    """Link values to metrics (the rules: ``rules``, docs/linking.md; their scopes are the data's).

    ``extra_cues`` extends the packaged cue lists (merged by :func:`kpi_extract.lexicon.merge`);
    ``linking_rules`` replaces the packaged rules (None: ``data/linking.json``).
    """

    def __init__(self, nlp: Language, name: str = "kpi_linker", *,
                 extra_cues: Mapping[str, Any] | None = None, linking_rules: Mapping[str, Any] | None = None):
        extensions.install()
        self.nlp, self.name = nlp, name
        self.cues = Cues(extra=extra_cues)
        self._use_rules(load_rules(linking_rules))
        self._strings: dict[int, str] = {}

    def _use_rules(self, rules: RuleSet) -> None:
        self.rules, self._plan = rules, RulePlan(rules)

    def _lexicon(self) -> MetricLexicon:
        for _, pipe in self.nlp.pipeline:
            if isinstance(pipe, KpiMetrics):
                return pipe.lexicon
        return packaged_lexicon()

    # ---------------------------------------------------------------- linking
    def __call__(self, doc: Doc) -> Doc:
        values = doc._.kpi_values
        if not values:
            doc._.kpi_text = None
            return doc
        lex, cues, plan, rules = self._lexicon(), self.cues, self._plan, self.rules
        metrics = [MetricMention(**{k: m[k] for k in _MENTION_KEYS}) for m in (doc._.kpi_metrics or [])]
        lower, sents = read_tokens(doc, self._strings)
        carry = None
        current_topic: str | None = None
        layers = {"metrics": Layer(metrics, lambda m: m.tok_start),
                  "periods": Layer(list(doc._.kpi_periods or []), lambda p: p["tok_start"]),
                  "mods": Layer(list(doc.spans.get("kpi_modifiers", [])), lambda sp: sp.start),
                  "segs": Layer(list(doc.spans.get("kpi_segments", [])), lambda sp: sp.start)}
        vi = 0
        announced: tuple[dict[str, Any], str] | None = None
        adjusted_outlook = False  # an outlook said on an adjusted basis (neighbours.outlook_basis)
        for bounds in sents:
            s_start, s_end = bounds
            current_topic = topic(doc, lower, cues, layers["segs"].within(s_start, s_end), bounds, current_topic)
            sent_vals = []
            while vi < len(values) and values[vi]["tok_start"] < s_end:
                sent_vals.append(values[vi])
                vi += 1
            if not sent_vals:
                if layers["metrics"].within(s_start, s_end):
                    carry = None
                said = [p for p in layers["periods"].within(s_start, s_end) if not in_cause(lower, p, bounds, s_end, cues.period_preps)]
                announced = outlook(lower, cues, said, bounds) or announced
                adjusted_outlook = adjusted_outlook or outlook_basis(lower, cues, layers["mods"].within(s_start, s_end),
                                                                     bounds)
                continue
            ctx = sentence_context(doc, lower, lex, cues, bounds, sent_vals, layers, carry, current_topic,
                                   period_after=rules.period_after, longest=rules.longest)
            carry = link_sentence(ctx, plan) or carry
            if adjusted_outlook:
                basis.announced_basis(ctx)
            if announced is not None:
                for v in sent_vals:
                    if v.get("role") == "guidance" and "period_ref" not in v:
                        v["period_ref"], v["period_text"] = announced
        doc._.kpi_text = None  # a cache for the pipeline only: not serialized with the doc
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in docs:
            yield self(doc)

    # ---------------------------------------------------------------- serialization
    def _set_cues_data(self, data: bytes) -> None:
        self.cues = Cues(json.loads(data.decode("utf-8")))

    def _set_rules_data(self, data: bytes) -> None:
        self._use_rules(load_rules(json.loads(data.decode("utf-8"))))

    def _cues_bytes(self) -> bytes:
        return json.dumps(self.cues.data, ensure_ascii=False, indent=1).encode("utf-8")

    def to_bytes(self, *, exclude: Iterable[str] = util.SimpleFrozenList()) -> bytes:
        """The cues and rules (``exclude``: ``"cues"`` / ``"rules"`` to leave one out)."""
        return util.to_bytes({"cues": self._cues_bytes, "rules": self.rules.to_bytes}, exclude)

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = util.SimpleFrozenList()) -> KpiLinker:
        util.from_bytes(data, {"cues": self._set_cues_data, "rules": self._set_rules_data}, exclude)
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = util.SimpleFrozenList()) -> None:
        """``cues.json`` and ``rules.json`` in the directory ``path``."""
        util.to_disk(path, {"cues.json": lambda p: p.write_bytes(self._cues_bytes()),
                            "rules.json": lambda p: p.write_bytes(self.rules.to_bytes())}, exclude)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = util.SimpleFrozenList()) -> KpiLinker:
        # a pipeline saved before the linker saved anything has no files here: keep the packaged data
        util.from_disk(path, {"cues.json": lambda p: p.exists() and self._set_cues_data(p.read_bytes()),
                              "rules.json": lambda p: p.exists() and self._set_rules_data(p.read_bytes())}, exclude)
        return self
