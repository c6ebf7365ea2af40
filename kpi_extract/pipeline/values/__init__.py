"""Stage 1: the ``kpi_values`` component: money, percentages, multiples, counts, normalized."""
