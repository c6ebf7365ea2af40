"""The linking rules as records, loaded from ``data/linking.json`` (``{"rules": [...]}``).

Like medspaCy's ``ConTextRule``, each record names a rule and says which way it looks
(``direction``), how far (``scope``, tokens; ``None``: the sentence), what confidence a link
it makes gets and whether a list member keeps that link (``firm``) rather than its list
head's. The records' order is the precedence: for each value the first rule that links it
wins (``kpi_extract.pipeline.linking.sentence`` applies them). What each rule looks for
is code (``finders``, ``pairing``, ``open_vocabulary``), chosen by the record's name.

``direction`` is descriptive: it documents which way the rule's code looks, is checked
to be one of :data:`DIRECTIONS` and saved with the rules, but nothing reads it to link
(changing it changes no link); ``scope``, ``confidence``, ``firm``, ``overrides`` and the
order do change links.
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from kpi_extract import lexicon
from kpi_extract.errors import LexiconError

__all__ = ["DIRECTIONS", "NAMES", "SCOPED", "LinkRule", "RuleSet", "load_rules"]

#: the rules the linker knows (a record names one of them)
NAMES = ("recorded_in", "respectively", "change_target", "inside", "following", "preceding_near", "preceding",
         "following_far", "list", "carry_over", "frame", "per_share", "open")
#: rules that read their ``scope`` (a token count); the others look at their clause or sentence
SCOPED = ("respectively", "following", "preceding_near", "preceding", "following_far", "carry_over")
#: where a rule looks for the metric, seen from the value
DIRECTIONS = ("backward", "forward", "inside", "both")
_KEYS = {"name", "direction", "scope", "confidence", "firm", "overrides", "example"}


@dataclass(frozen=True)
class LinkRule:
    """One linking rule (see the module docstring). ``overrides``: the rules whose link this
    one replaces when its own anchor stands after their metric ("Operating cash flow was $60
    million, and we repurchased $25 million": the frame, not the cash flow). ``list`` (the
    list-sharing step) has no confidence: a shared link keeps its own."""

    name: str
    direction: str
    scope: int | None
    confidence: float | None
    firm: bool = False
    overrides: tuple[str, ...] = ()
    example: str = ""

    @classmethod
    def from_dict(cls, record: Any) -> LinkRule:
        """A rule from its JSON record; ``LexiconError`` when the record is malformed."""
        if not isinstance(record, Mapping):
            raise LexiconError(f"linking rule {record!r}: expected an object")
        name = record.get("name")
        where = f"linking rule {name!r}"
        unknown = set(record) - _KEYS - {"_what"}
        if unknown:
            raise LexiconError(f"{where}: unknown keys {', '.join(sorted(unknown))}")
        if name not in NAMES:
            raise LexiconError(f"{where}: unknown rule (known: {', '.join(NAMES)})")
        direction = record.get("direction")
        if direction not in DIRECTIONS:
            raise LexiconError(f"{where}: direction must be one of {', '.join(DIRECTIONS)}")
        scope = record.get("scope")
        if scope is not None and (type(scope) is not int or scope < 0):
            raise LexiconError(f"{where}: scope must be a token count (>= 0) or null")
        if scope is None and name in SCOPED:
            raise LexiconError(f"{where}: needs a scope (tokens)")
        conf = record.get("confidence")
        if name == "list":
            if conf is not None:
                raise LexiconError(f"{where}: a shared link keeps its own confidence (null)")
        elif type(conf) not in (int, float) or not 0 <= conf <= 1:
            raise LexiconError(f"{where}: confidence must be a number in [0, 1]")
        firm = record.get("firm", False)
        if type(firm) is not bool:
            raise LexiconError(f"{where}: firm must be true or false")
        overrides = record.get("overrides", [])
        if not isinstance(overrides, list) or any(o not in NAMES or o in ("list", name) for o in overrides):
            raise LexiconError(f"{where}: overrides must list other rules")
        return cls(name, direction, scope, None if conf is None else float(conf), firm, tuple(overrides),
                   str(record.get("example", "")))

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["overrides"] = list(self.overrides)
        return out


class RuleSet:
    """The rules in precedence order, with the settings they share: ``longest`` is the most
    tokens a metric, segment or modifier phrase spans (how far windowed look-ups reach),
    ``period_after`` how many tokens after a value its period cue is looked for."""

    def __init__(self, rules: tuple[LinkRule, ...], longest: int, period_after: int):
        names = [r.name for r in rules]
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            raise LexiconError(f"linking rules named twice: {', '.join(twice)}")
        dangling = sorted({o for r in rules for o in r.overrides} - set(names))
        if dangling:
            raise LexiconError(f"linking rules override rules not in the set: {', '.join(dangling)}")
        self.rules, self.longest, self.period_after = tuple(rules), longest, period_after
        #: rule name -> the confidence of its links
        self.confidence = {r.name: r.confidence for r in rules}
        self.by_name = {r.name: r for r in rules}

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RuleSet) and self.to_data() == other.to_data()

    __hash__ = None  # type: ignore[assignment]

    def firm(self, name: str) -> bool:
        rule = self.by_name.get(name)
        return rule is not None and rule.firm

    def to_data(self) -> dict[str, Any]:
        """The JSON data these rules load from (what ``KpiLinker.to_disk`` saves)."""
        return {"longest_phrase": self.longest, "period_after": self.period_after,
                "rules": [r.to_dict() for r in self.rules]}

    def to_bytes(self) -> bytes:
        return json.dumps(self.to_data(), ensure_ascii=False, indent=1).encode("utf-8")


def load_rules(data: Mapping[str, Any] | str | None = None) -> RuleSet:
    """The rules of ``data`` (a mapping or a JSON file path; the packaged ``linking.json`` by
    default); ``LexiconError`` when a record is malformed. ``longest_phrase`` and
    ``period_after`` left out of ``data`` are the packaged file's."""
    packaged = lexicon.packaged("linking.json")
    data = packaged if data is None else lexicon.load(data, "linking.json", "linking_rules")
    records = data.get("rules")
    if not isinstance(records, list) or not records:
        raise LexiconError("linking rules: 'rules' must be a non-empty list")
    settings = []
    for key, least in (("longest_phrase", 1), ("period_after", 0)):
        value = data.get(key, packaged[key])
        if type(value) is not int or value < least:
            raise LexiconError(f"linking rules: {key!r} must be a token count (>= {least})")
        settings.append(value)
    return RuleSet(tuple(LinkRule.from_dict(r) for r in records), *settings)
