"""Cadence: a keyboard-driven terminal planner for a 12-month learning plan."""

__version__ = "0.1.0"
