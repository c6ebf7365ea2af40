"""The progress bar of a run: documents done, with words/s and values found (tqdm on stderr).

In a notebook the bar is tqdm's widget when ipywidgets is installed (``pip install
"kpi_extract[notebook]"``), else the text bar, quietly: ``tqdm.auto`` would warn
"IProgress not found" on every run instead.
"""
from __future__ import annotations

import importlib.util
import sys
import time
from typing import Any

__all__ = ["progress_bar", "interactive", "widgets", "Progress"]


def _in_notebook() -> bool:
    ipython = sys.modules.get("IPython")
    shell = getattr(ipython, "get_ipython", lambda: None)() if ipython else None
    return type(shell).__name__ == "ZMQInteractiveShell"


def interactive() -> bool:
    """Whether someone watches stderr: a terminal or a notebook."""
    try:
        return sys.stderr.isatty() or _in_notebook()
    except (AttributeError, ValueError):  # stderr replaced or closed
        return False


def widgets() -> bool:
    """Whether ipywidgets, which tqdm's notebook bar needs, is installed."""
    try:
        return importlib.util.find_spec("ipywidgets") is not None
    except (ImportError, ValueError):
        return False


def progress_bar(progress: bool | None, total: int | None) -> Any:
    """A tqdm bar counting documents (``None`` when off): ``progress=None`` shows it when
    stderr is a terminal or in a notebook, ``True`` always, ``False`` never. In a notebook
    without ipywidgets, the text bar."""
    if progress is False or (progress is None and not interactive()):
        return None
    if _in_notebook() and widgets():
        from tqdm.notebook import tqdm
    else:
        from tqdm import tqdm
    return tqdm(total=total, unit="doc", desc="kpi_extract", file=sys.stderr, dynamic_ncols=True)


class Progress:
    """Counts of a run shown on ``bar`` (a tqdm bar, or None: then nothing is counted)."""

    def __init__(self, bar: Any = None):
        self.bar = bar
        self.on = bar is not None
        self._words = 0
        self._values = 0
        self._t0 = time.perf_counter()

    def add(self, docs: int, words: int, values: int) -> None:
        """``docs`` documents done, with ``words`` words and ``values`` values (rows) in all."""
        if self.bar is not None:
            self._words += words
            self._values += values
            rate = self._words / max(time.perf_counter() - self._t0, 1e-9)
            self.bar.set_postfix_str(f"{rate:,.0f} words/s, {self._values:,} values", refresh=False)
            self.bar.update(docs)

    def failed(self) -> None:
        """One document failed (counted as done, with no words or values)."""
        if self.bar is not None:
            self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
