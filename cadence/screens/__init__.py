"""Cadence's top-level screens, one module each, styles beside them."""
