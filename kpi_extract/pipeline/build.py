"""Building the pipeline: ``spacy.blank("en")`` + our components.

``kpi_values`` -> ``kpi_sentences`` -> ``kpi_periods`` -> ``kpi_metrics`` -> ``kpi_linker``.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language

from kpi_extract import lexicon
from kpi_extract.errors import ConfigError, LexiconError
from kpi_extract.pipeline import extensions
from kpi_extract.pipeline.linking.component import KpiLinker  # noqa: F401  (registers the factory)
from kpi_extract.pipeline.metrics.component import KpiMetrics  # noqa: F401  (registers the factory)
from kpi_extract.pipeline.periods.component import KpiPeriods  # noqa: F401  (registers the factory)
from kpi_extract.pipeline.sentences import KpiSentences  # noqa: F401  (registers the factory)
from kpi_extract.pipeline.values.component import KpiValues  # noqa: F401  (registers the factory)

__all__ = ["make_pipeline", "default_pipeline", "MAX_CHUNK_CHARS"]

#: longest piece of text handed to spaCy at once; longer paragraphs are cut at sentence ends
MAX_CHUNK_CHARS = 200_000

#: the options given as a mapping or a JSON path: the component whose setting each is, and
#: the data file whose form (:mod:`kpi_extract.lexicon.schemas`) it has
_LEXICON_OPTIONS = {"values_lexicon": ("kpi_values", "values.json"), "extra_metrics": ("kpi_metrics", "metrics.json"),
                    "extra_cues": ("kpi_linker", "cues.json"), "linking_rules": ("kpi_linker", "linking.json")}
_OPTIONS = {*_LEXICON_OPTIONS, "extra_segments", "lang"}


def make_pipeline(**config: Any) -> Language:
    """A fresh pipeline. Options:

    ``values_lexicon``: a mapping or JSON path extending ``data/values.json``
    (currencies, scale words, qualifiers, count nouns ...). ``extra_metrics``: a mapping or
    JSON path in the form of ``data/metrics.json`` adding or replacing metrics.
    ``extra_segments``: more segment names. ``extra_cues``: a mapping or JSON path extending
    the linker's cue words (``data/cues.json``). ``linking_rules``: a mapping or JSON path in
    the form of ``data/linking.json`` replacing the linker's rules. ``lang``: spaCy language
    code of the blank tokenizer (``"en"``).

    The options go into the components' config (``kpi_values``: ``values_lexicon``,
    ``kpi_metrics``: ``extra_metrics``, ``extra_segments``, ``kpi_linker``: ``extra_cues``,
    ``linking_rules``), so ``nlp.config`` records them and
    ``spacy.util.load_model_from_config(nlp.config)`` builds the same pipeline. A JSON
    path is read here and its content recorded, not the path: the config does not depend
    on the file afterwards.

    With no options, prefer :func:`default_pipeline`, which is built once and cached.
    """
    unknown = set(config) - _OPTIONS
    if unknown:
        raise ConfigError(f"unknown pipeline option(s): {', '.join(sorted(unknown))}; "
                          f"known: {', '.join(sorted(_OPTIONS))}")
    cfg: dict[str, dict[str, str]] = {"kpi_values": {}, "kpi_metrics": {}, "kpi_linker": {}}
    given: dict[str, list[str]] = {"kpi_values": [], "kpi_metrics": [], "kpi_linker": []}
    for name, (component, file) in _LEXICON_OPTIONS.items():
        extra = config.get(name)
        if extra is not None:
            if not isinstance(extra, (Mapping, str, Path)):
                raise ConfigError(f"{name} must be a mapping or a path to a JSON file, not {type(extra).__name__}")
            cfg[component][name] = lexicon.to_config(lexicon.load(extra, file, name))
            given[component].append(name if isinstance(extra, Mapping) else f"{name} {extra}")
    segments = config.get("extra_segments")
    if segments is not None:
        names = list(segments) if isinstance(segments, Iterable) and not isinstance(segments, (str, Mapping)) else None
        bad = [] if names is None else [s for s in names if not isinstance(s, str) or not s.strip()]
        if names is None or bad:
            raise ConfigError(f"extra_segments must be a list of segment names (non-blank str), not {segments!r}")
        cfg["kpi_metrics"]["extra_segments"] = lexicon.to_config(names)
        given["kpi_metrics"].append("extra_segments")
    extensions.install()
    nlp = spacy.blank(_lang(config.get("lang", "en")))
    nlp.max_length = max(nlp.max_length, MAX_CHUNK_CHARS * 2)
    for component in ("kpi_values", "kpi_sentences", "kpi_periods", "kpi_metrics", "kpi_linker"):
        try:
            nlp.add_pipe(component, config=cfg.get(component, {}))
        except LexiconError as exc:  # a fault the schema cannot see (a unit units.txt lacks ...): say whose
            raise LexiconError(f"{', '.join(given.get(component, [])) or component}: {exc}") from exc
    return nlp


def _lang(code: object) -> str:
    """``code`` when spaCy has a language of that code, else a ``ConfigError``."""
    if not isinstance(code, str):
        raise ConfigError(f"lang must be a spaCy language code (a str such as 'en'), not {type(code).__name__}")
    try:
        spacy.util.get_lang_class(code)
    except ImportError:
        raise ConfigError(f"lang={code!r}: spaCy has no language of that code (the rules are English: 'en')") from None
    return code


@lru_cache(maxsize=1)
def default_pipeline() -> Language:
    """The default pipeline, built on first use and shared (read-only) afterwards."""
    return make_pipeline()
