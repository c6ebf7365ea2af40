"""Packaged lexicons: loaded once, handed out as copies, extended without mutation."""
from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from kpi_extract.errors import LexiconError

__all__ = ["packaged", "load", "merge"]


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
    """``base`` extended by ``extra``: mappings are updated key by key, lists extended
    (without duplicates), scalars replaced. Neither argument is modified."""
    out = copy.deepcopy(dict(base))
    for key, val in (extra or {}).items():
        old = out.get(key)
        if isinstance(old, dict) and isinstance(val, Mapping):
            old.update(copy.deepcopy(dict(val)))
        elif isinstance(old, list) and isinstance(val, (list, tuple)):
            old.extend(v for v in val if v not in old)
        elif key in out and type(old) is not type(val) and old is not None:
            raise LexiconError(f"lexicon key {key!r}: expected {type(old).__name__}, got {type(val).__name__}")
        else:
            out[key] = copy.deepcopy(val)
    return out
