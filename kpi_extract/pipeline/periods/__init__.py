"""Stage 3: the ``kpi_periods`` component: period references in the text."""
