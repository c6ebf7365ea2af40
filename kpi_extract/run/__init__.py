"""Running a pipeline over documents: paragraphs in, row dicts out (serial or parallel)."""
