"""Evaluation of the extractors against annotated corpora."""
