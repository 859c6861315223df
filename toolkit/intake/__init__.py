"""Intakes: the model, then its readers (YAML/JSON, CSV rows, filled PDF forms), then one dispatcher.
A reader never scores."""
