"""Headless logic of the app: no Textual, no HTTP (screens and widgets call into it)."""
