"""Reading the whole document before the sentence stages: its reporting period (and fiscal calendar), company, ..."""
