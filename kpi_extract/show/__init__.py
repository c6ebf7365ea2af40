"""Showing frames and documents: the ``df.kpi`` accessor, plots, rendered HTML."""
