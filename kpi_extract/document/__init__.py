"""Reading the whole document before the sentence stages: reporting period, company, ..."""
