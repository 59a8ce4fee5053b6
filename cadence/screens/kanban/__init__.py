"""Kanban: the deliverables board and its dialogs."""
