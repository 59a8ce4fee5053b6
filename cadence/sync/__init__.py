"""Two-way CalDAV sync: the plan's schedule and due cards on the user's own calendar server.

No Textual here. ``state`` (what was synced, in ``sync.json``), ``resources`` (the plan as
one calendar resource per UID), ``client`` (the ``caldav`` wrapper and its errors),
``credentials`` (where the password comes from) and ``engine`` (one run).
"""
