"""Today: the day's blocks, their editing and the daily review."""
