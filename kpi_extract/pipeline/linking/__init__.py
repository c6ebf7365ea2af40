"""Stage 5: the ``kpi_linker`` component: each value tied to its metric, segment and reading."""
