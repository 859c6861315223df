"""Content quality: validate, lint and its rules, reading level, medication wording, variants,
preview and verify."""
