"""Screener and handout templates: models, loaders, checks, conditions and the catalog."""
