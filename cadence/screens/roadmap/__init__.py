"""Roadmap: months by phase, goals, the must-dos and resources."""
