"""Screens and dialogs pushed over the dashboard."""
