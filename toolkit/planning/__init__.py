"""Pure planning: results -> which sections, in which order (handout, clinician summary, form notes)."""
