"""Pieces shared by screens."""
