"""A practice folder: practice.yaml model and loader, crisis lines, branding, fonts, logo, scaffolding."""
