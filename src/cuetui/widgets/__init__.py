"""Textual widgets the screens compose: the resource table, the bars, the dashboard panels.

They import the core and the models, never a screen or the app (pyproject.toml, layers).
"""
