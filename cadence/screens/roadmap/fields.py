"""Reading the Roadmap forms' fields, checked: a one-line title and a web link."""

from __future__ import annotations

from typing import Any

from textual.widgets import Input

from cadence.i18n import _
from cadence.widgets.form import FormDialog, FormError


def one_line(form: FormDialog[Any], selector: str, *, limit: int, empty: str, too_long: str) -> str:
    """The field's text on one line (runs of spaces squeezed); ``FormError`` when it is
    empty (``empty`` says so) or longer than ``limit`` characters (``too_long``)."""
    text = " ".join(form.query_one(selector, Input).value.split())
    if not text:
        raise FormError(empty, selector)
    if len(text) > limit:
        raise FormError(too_long, selector)
    return text


def title_line(form: FormDialog[Any], selector: str, limit: int) -> str:
    """A title field: ``one_line`` with the messages every titled form gives."""
    return one_line(
        form,
        selector,
        limit=limit,
        empty=_("Write the title first."),
        too_long=_("Keep the title under {n} characters.", n=limit),
    )


def web_link(form: FormDialog[Any], selector: str) -> str:
    """The field's link: empty, or starting with http:// or https://."""
    url = form.query_one(selector, Input).value.strip()
    if url and not url.lower().startswith(("http://", "https://")):
        raise FormError(_("A link starts with http:// or https://"), selector)
    return url
