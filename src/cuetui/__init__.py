"""cuetui: a keyboard-driven terminal UI for an OpenCue render farm."""

__version__ = "0.1.0"
