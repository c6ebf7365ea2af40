"""Packaged lexicons: loaded once, handed out as copies, extended without mutation, written
into a pipeline's config as JSON text, and read back from a saved pipeline."""
from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from kpi_extract.errors import LexiconError

__all__ = ["packaged", "load", "merge", "to_config", "from_config", "read_saved"]

#: where kpi_metrics saved its whole lexicon before it saved one file per packaged file
_LEGACY_FILE = "lexicon.json"


@lru_cache(maxsize=None)
def _read_packaged(name: str) -> str:
    return (resources.files("kpi_extract") / "data" / name).read_text(encoding="utf-8")


def packaged(name: str) -> dict[str, Any]:
    """A fresh copy of the packaged data file ``name`` (``values.json`` ...)."""
    return json.loads(_read_packaged(name))


def load(source: str | Path | Mapping[str, Any]) -> dict[str, Any]:
    """A lexicon from a JSON file path or a mapping (copied)."""
    if isinstance(source, Mapping):
        return copy.deepcopy(dict(source))
    path = Path(source)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise LexiconError(f"cannot read lexicon {path}: {exc}") from exc
    if not isinstance(data, dict):
        raise LexiconError(f"lexicon {path} must hold a JSON object")
    return data


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
