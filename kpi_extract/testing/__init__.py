"""Testing with kpi_extract: golden-file regression checks of extraction output."""
