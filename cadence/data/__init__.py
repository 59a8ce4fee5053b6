"""Storage, models and plan templates. No Textual here (checked by import-linter)."""
