"""Exports (a Markdown report, an iCalendar file, everything as JSON) and the JSON import.

No Textual here: ``cadence export`` and ``cadence import`` run without the UI.
"""
