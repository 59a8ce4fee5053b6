"""The focus log by hand: a session typed in (study away from the computer) or fixed
(a forgotten stop). Pure: text in, a checked :class:`FocusSession` out.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from cadence.data.models import FocusSession, new_id
from cadence.domain.schedule import TimeFormatError, parse_hhmm
from cadence.i18n import _

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: The longest session the log accepts.
MAX_SESSION_H = 12


class SessionFormError(ValueError):
    """A field of the session form is wrong: ``field`` names it, the message says why."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclasses.dataclass(frozen=True)
class SessionForm:
    """The form's text, as typed."""

    date: str
    start: str
    end: str
    minutes: str = ""
    label: str = ""

    @classmethod
    def of(cls, session: FocusSession) -> SessionForm:
        """The form filled in from a logged session."""
        return cls(
            date=session.start[:10],
            start=session.start[11:16],
            end=session.end[11:16],
            minutes=str(round(session.focused_s / 60)),
            label=session.label,
        )


def parse_minutes(text: str) -> int:
    """Whole minutes, 1 or more: ``" 25 "`` → ``25``. Raises ValueError."""
    value = text.strip()
    if not value.isascii() or not value.isdigit():
        raise ValueError(f"not a number of minutes: {text!r}")
    minutes = int(value)
    if minutes < 1:
        raise ValueError("at least one minute")
    return minutes


def _day(text: str) -> date:
    value = text.strip()
    if not DATE.match(value):
        raise SessionFormError("date", _("Not a date: use YYYY-MM-DD"))
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise SessionFormError("date", _("Not a date: use YYYY-MM-DD")) from None


def _hhmm(text: str, field: str) -> tuple[int, int]:
    try:
        return parse_hhmm(text)
    except TimeFormatError:
        raise SessionFormError(field, _("Not a time: use HH:MM, 00:00 to 23:59")) from None


def build_session(
    form: SessionForm,
    tz: str,
    now: float,
    *,
    base: FocusSession | None = None,
) -> FocusSession:
    """A session from the form, checked; ``base`` is the session being edited (its id,
    link and flags are kept; without it the session is a new manual one).

    An end at or before the start is on the next day (23:30–00:15). The focused minutes
    default to the whole span and may not exceed it; a session may not end in the future
    (a minute's grace) or last over :data:`MAX_SESSION_H` hours. Raises SessionFormError.
    """
    day = _day(form.date)
    sh, sm = _hhmm(form.start, "start")
    eh, em = _hhmm(form.end, "end")
    zone = ZoneInfo(tz)
    start = datetime(day.year, day.month, day.day, sh, sm, tzinfo=zone)
    end = datetime(day.year, day.month, day.day, eh, em, tzinfo=zone)
    if end <= start:
        end += timedelta(days=1)
    span_s = int(end.timestamp() - start.timestamp())
    if span_s > MAX_SESSION_H * 3600:
        raise SessionFormError("end", _("A session lasts at most {n} hours.", n=MAX_SESSION_H))
    if end.timestamp() > now + 60:
        raise SessionFormError("end", _("That session ends in the future."))
    span_min = max(1, span_s // 60)
    if form.minutes.strip():
        try:
            minutes = parse_minutes(form.minutes)
        except ValueError:
            raise SessionFormError("minutes", _("Focused minutes: a whole number.")) from None
        if minutes > span_min:
            raise SessionFormError(
                "minutes", _("Focused minutes: at most {n}, the whole span.", n=span_min)
            )
    else:
        minutes = span_min
    focused_s = minutes * 60
    if base is not None and form.minutes.strip() == str(round(base.focused_s / 60)):
        focused_s = min(base.focused_s, span_s)  # unchanged: keep the exact seconds
    start_iso, end_iso, label = start.isoformat(), end.isoformat(), form.label.strip()
    if base is not None:
        return dataclasses.replace(
            base, start=start_iso, end=end_iso, focused_s=focused_s, label=label
        )
    return FocusSession(
        start=start_iso,
        end=end_iso,
        focused_s=focused_s,
        label=label,
        planned_s=focused_s,
        completed=True,
        manual=True,
        id=new_id(),
    )
