"""Packaged lexicons: loaded once, handed out as copies, checked against the model of their
file (:func:`check`, models in :mod:`kpi_extract.lexicon.schemas`), extended without
mutation, written into a pipeline's config as JSON text, and read back from a saved pipeline."""
from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from kpi_extract.errors import LexiconError
from kpi_extract.lexicon.schemas import SCHEMAS

__all__ = ["packaged", "load", "check", "merge", "to_config", "from_config", "read_saved"]

#: where kpi_metrics saved its whole lexicon before it saved one file per packaged file
_LEGACY_FILE = "lexicon.json"


@lru_cache(maxsize=None)
def _read_packaged(name: str) -> str:
    return (resources.files("kpi_extract") / "data" / name).read_text(encoding="utf-8")


def packaged(name: str) -> dict[str, Any]:
    """A fresh copy of the packaged data file ``name`` (``values.json`` ...)."""
    return json.loads(_read_packaged(name))


def load(source: str | Path | Mapping[str, Any], name: str | None = None, what: str = "lexicon") -> dict[str, Any]:
    """A lexicon from a JSON file path or a mapping (copied); with ``name`` (``"values.json"``
    ...), checked against that file's model (:func:`check`). ``what`` says in an error what
    the data is (an option's name: ``"extra_metrics"``), with the path of a file."""
    if isinstance(source, Mapping):
        data = copy.deepcopy(dict(source))
        where = what
    else:
        path = Path(source)
        where = f"{what} {path}"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise LexiconError(f"cannot read lexicon {path} ({what}) as UTF-8 JSON: {exc}") from exc
        if not isinstance(data, dict):
            raise LexiconError(f"{where} must hold a JSON object, not {type(data).__name__}")
    return data if name is None else check(name, data, where)


def check(name: str, data: Any, where: str = "lexicon") -> dict[str, Any]:
    """``data`` when it fits the model of the data file ``name`` (``SCHEMAS``); every key is
    optional, so the same check serves a whole file and an extension of it. Otherwise a
    ``LexiconError`` naming ``where`` (the file or option), the entry and the field of each
    fault: ``extra_metrics /x.json, metrics[2] (id 'arpu') > synonyms[0]: Input should be a
    valid string (got 1)``."""
    model = SCHEMAS[name]
    if not isinstance(data, Mapping):
        raise LexiconError(f"{where} must be a mapping in the form of {name}, not {type(data).__name__}")
    try:
        model.model_validate(data)
    except ValidationError as exc:
        faults = [_fault(err, data, model) for err in exc.errors(include_url=False)]
        more = f" (and {len(faults) - 3} more)" if len(faults) > 3 else ""
        raise LexiconError(f"{where} (in the form of {name}): " + "; ".join(faults[:3]) + more) from None
    return dict(data)


def _fault(err: Any, data: Any, model: type) -> str:
    """One pydantic error as ``entry, field: reason (got value)``."""
    parts: list[str] = []
    node = data
    for step in err["loc"]:
        if step == "[key]":
            parts[-1] = f"key {parts[-1]!r}"
            break
        if isinstance(step, int):
            parts[-1 if parts else 0:] = [f"{parts[-1] if parts else ''}[{step}]"]
            node = node[step] if isinstance(node, list) and step < len(node) else None
            label = next((f"{k} {node[k]!r}" for k in ("id", "name") if isinstance(node, Mapping) and k in node), "")
            if label:
                parts[-1] += f" ({label})"
            continue
        parts.append(str(step))
        node = node.get(step) if isinstance(node, Mapping) else None
    reason = err["msg"].removeprefix("Value error, ")
    if err["type"] == "extra_forbidden":
        known = ", ".join(model.model_fields) if len(err["loc"]) == 1 else ""
        reason = f"unknown key{f' (known: {known})' if known else ''}"
    elif err["type"] != "missing":
        reason += f" (got {_short(err['input'])})"
    return f"{' > '.join(parts) or 'top level'}: {reason}"


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def merge(base: Mapping[str, Any], extra: Mapping[str, Any] | None) -> dict[str, Any]:
    """``base`` extended by ``extra``: mappings are merged key by key (at any depth), lists
    extended (without duplicates), other values replaced by one of the same kind (an int
    and a float are both numbers; a bool is not one); a value of another kind raises
    ``LexiconError``. Neither argument is modified."""
    out = copy.deepcopy(dict(base))
    for key, val in (extra or {}).items():
        old = out.get(key)
        if isinstance(old, dict) and isinstance(val, Mapping):
            out[key] = merge(old, val)
        elif isinstance(old, list) and isinstance(val, (list, tuple)):
            old.extend(v for v in val if v not in old)
        elif key in out and _kind(old) is not _kind(val) and old is not None:
            raise LexiconError(f"lexicon key {key!r}: expected {type(old).__name__}, got {type(val).__name__}")
        else:
            out[key] = copy.deepcopy(val)
    return out


def _kind(value: Any) -> type:
    """The type :func:`merge` compares: ``float`` for any number (``2`` may replace ``2.5``)."""
    return float if type(value) in (int, float) else type(value)


def to_config(data: Mapping[str, Any] | list[Any] | None) -> str:
    """``data`` as JSON text for a component's config (``""`` for nothing).

    JSON text rather than the mapping itself: confection writes a nested dict as config
    sections, so a key holding a dot ("SFr.") names a section that does not exist when the
    config is read back, and it reads ``$`` in any string as the start of an interpolation
    (``${...}``, and "R$" is refused). Every ``$`` is written ``\\u0024`` (the same JSON
    string), so the text round-trips through ``nlp.config`` exactly.
    """
    if data is None:
        return ""
    try:
        text = json.dumps(data, ensure_ascii=True)
    except (TypeError, ValueError) as exc:
        raise LexiconError(f"lexicon data is not JSON: {exc}") from exc
    return text.replace("$", "\\u0024")


def from_config(text: str, kind: type[dict] | type[list] = dict) -> Any:
    """The data of :func:`to_config`'s ``text``: a ``kind`` (dict or list; empty for ``""``)."""
    if not text:
        return kind()
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LexiconError(f"lexicon config is not JSON text: {exc}") from exc
    if not isinstance(data, kind):
        raise LexiconError(f"lexicon config must hold a JSON {'object' if kind is dict else 'array'}")
    return data


def read_saved(path: Path, component: str) -> Any:
    """The JSON data a component saved in ``path`` (``from_disk``); ``LexiconError`` when the
    file is missing, saying so when the folder is a save of an older version (its lexicon
    in ``lexicon.json``, which is not read: such a pipeline is built again instead)."""
    try:
        return json.loads(path.read_bytes())
    except FileNotFoundError:
        older = (path.parent / _LEGACY_FILE).exists()
        raise LexiconError(
            f"{component}: {path} is missing"
            + (f"; {path.parent} holds {_LEGACY_FILE}: the pipeline was saved by an older version of "
               "kpi_extract. Build it again with kpi_extract.make_pipeline(...) and save it." if older else "")
        ) from None
    except (OSError, json.JSONDecodeError) as exc:
        raise LexiconError(f"{component}: cannot read {path}: {exc}") from exc
