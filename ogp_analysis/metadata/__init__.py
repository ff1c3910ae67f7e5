"""The data model, declared once: scales and codes, the field registry, the table registry."""
