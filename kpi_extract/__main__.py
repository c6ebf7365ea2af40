"""``python -m kpi_extract FILE...``: the ``kpi-extract`` command (see :mod:`kpi_extract.cli`)."""
from __future__ import annotations

from kpi_extract.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
