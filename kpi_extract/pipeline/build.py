"""Building the pipeline: ``spacy.blank("en")`` + our components.

``kpi_values`` -> ``kpi_sentences`` -> ``kpi_periods`` -> ``kpi_metrics`` -> ``kpi_linker``.
"""
from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language

from kpi_extract.pipeline import extensions
from kpi_extract.errors import ConfigError
from kpi_extract.pipeline.linking.component import KpiLinker  # noqa: F401  (registers the factory)
from kpi_extract.pipeline.metrics.component import KpiMetrics
from kpi_extract.pipeline.periods.component import KpiPeriods  # noqa: F401  (registers the factory)
from kpi_extract.pipeline.sentences import KpiSentences  # noqa: F401  (registers the factory)
from kpi_extract.pipeline.values.component import KpiValues

__all__ = ["make_pipeline", "default_pipeline", "MAX_CHUNK_CHARS"]

#: longest piece of text handed to spaCy at once; longer paragraphs are cut at sentence ends
MAX_CHUNK_CHARS = 200_000

_OPTIONS = {"values_lexicon", "extra_metrics", "extra_segments", "lang"}


def make_pipeline(**config: Any) -> Language:
    """A fresh pipeline. Options:

    ``values_lexicon``: a mapping or JSON path extending ``data/values.json``
    (currencies, scale words, qualifiers, count nouns ...). ``extra_metrics``: a mapping or
    JSON path in the form of ``data/metrics.json`` adding or replacing metrics.
    ``extra_segments``: more segment names. ``lang``: spaCy language
    code of the blank tokenizer (``"en"``).

    With no options, prefer :func:`default_pipeline`, which is built once and cached.
    """
    unknown = set(config) - _OPTIONS
    if unknown:
        raise ConfigError(f"unknown pipeline option(s): {', '.join(sorted(unknown))}; "
                          f"known: {', '.join(sorted(_OPTIONS))}")
    extensions.install()
    nlp = spacy.blank(config.get("lang", "en"))
    nlp.max_length = max(nlp.max_length, MAX_CHUNK_CHARS * 2)
    values: KpiValues = nlp.add_pipe("kpi_values")
    nlp.add_pipe("kpi_sentences")
    nlp.add_pipe("kpi_periods")
    metrics: KpiMetrics = nlp.add_pipe("kpi_metrics")
    nlp.add_pipe("kpi_linker")
    if config.get("extra_metrics") is not None or config.get("extra_segments") is not None:
        metrics.extend(config.get("extra_metrics"), config.get("extra_segments"))
    extra = config.get("values_lexicon")
    if extra is not None:
        if not isinstance(extra, (Mapping, str, Path)):
            raise ConfigError("values_lexicon must be a mapping or a path to a JSON file")
        values.add_lexicon(extra)
    return nlp


@lru_cache(maxsize=1)
def default_pipeline() -> Language:
    """The default pipeline, built on first use and shared (read-only) afterwards."""
    return make_pipeline()
