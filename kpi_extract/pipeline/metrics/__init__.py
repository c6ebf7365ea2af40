"""Stage 4: the ``kpi_metrics`` component: metric, modifier and segment mentions."""
