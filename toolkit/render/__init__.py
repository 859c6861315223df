"""The only code that imports a PDF engine (ReportLab): fonts, styles, page furniture, handout,
clinician summary and form renderers."""
