"""Whole clinic days: the run, the client jobs, the worker and the output files."""
