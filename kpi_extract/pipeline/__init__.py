"""Building the spaCy pipeline and its components, one folder per stage."""
