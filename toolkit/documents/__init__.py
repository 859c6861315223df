"""Renderer-independent document models (plain data): the client handout and the clinician summary."""
