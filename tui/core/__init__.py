"""The headless core: reading, taxonomy, tagging, counting, export. Never imports Textual."""
