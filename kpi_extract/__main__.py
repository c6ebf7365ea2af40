"""``python -m kpi_extract FILE...``: the ``kpi-extract`` command (see :mod:`kpi_extract.cli`)."""
from __future__ import annotations

from .cli import main

if __name__ == "__main__":
    raise SystemExit(main())
