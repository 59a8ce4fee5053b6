"""The post composer, opened from the evening check-in (ctrl+o): the day as a draft
learn-in-public post — title, body, tags — within Xiaohongshu's limits
(``cadence.domain.review.TITLE_MAX`` / ``BODY_MAX``), copied to the clipboard with
ctrl+t (OSC 52: Textual's ``App.copy_to_clipboard``, which works over SSH too), and
recorded as posted, with where, by ctrl+s.

It returns a :class:`PostResult` and never writes: the check-in keeps the draft and
saves it with the review.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button, Input, Label, Static, TextArea

from cadence.domain import review as checkin
from cadence.i18n import _
from cadence.widgets.form import FormDialog, FormError


@dataclass(frozen=True)
class PostResult:
    """The post as written (``PostDraft.text``), where it went, and whether it is posted."""

    text: str
    where: str
    posted: bool


class PostComposer(FormDialog[PostResult]):
    ENTER_SAVES = False
    BINDINGS = [
        Binding("ctrl+t", "copy", "Copy", priority=True, id="post.copy"),
        Binding("ctrl+s", "save", "Posted", priority=True, id="post.posted"),
        Binding("escape", "cancel", "Back (kept)", id="post.back"),
    ]
    DEFAULT_CSS = """
    PostComposer .form-title { margin-bottom: 0; }
    PostComposer Label { color: $text-muted; }
    PostComposer #post-body { height: 7; }
    PostComposer .count { color: $text-muted; width: 1fr; text-align: right; }
    PostComposer .head { height: 1; }
    """

    def __init__(self, draft: checkin.PostDraft, where: str) -> None:
        super().__init__(_("Post what you learned today"))
        self.draft = draft
        self.where = where

    def fields(self) -> ComposeResult:
        with Horizontal(classes="head"):
            yield Label(_("Title"))
            yield Static(id="title-count", classes="count")
        yield Input(self.draft.title, id="post-title", compact=True)
        with Horizontal(classes="head"):
            yield Label(_("Body"))
            yield Static(id="body-count", classes="count")
        yield TextArea(self.draft.body, id="post-body", soft_wrap=True, show_line_numbers=False)
        yield Label(_("Tags"))
        yield Input(self.draft.tag_line, id="post-tags", compact=True)
        yield Label(_("Posted on"))
        yield Input(self.where, id="post-where-to", compact=True, placeholder=_("Xiaohongshu"))

    def on_mount(self) -> None:
        self.query_one("#form-save", Button).label = _("Posted") + " (^s)"
        self.query_one("#form-cancel", Button).label = _("Back (kept)") + " (esc)"
        self._count()
        self.query_one("#post-title", Input).focus()

    def current(self) -> checkin.PostDraft:
        return checkin.PostDraft(
            self.query_one("#post-title", Input).value.strip(),
            self.query_one("#post-body", TextArea).text.strip(),
            checkin.parse_tags(self.query_one("#post-tags", Input).value),
        )

    @on(Input.Changed)
    @on(TextArea.Changed)
    def _count(self) -> None:
        draft = self.current()
        for selector, n, limit in (
            ("#title-count", len(draft.title), checkin.TITLE_MAX),
            ("#body-count", len(draft.body_with_tags), checkin.BODY_MAX),
        ):
            style = "bold red" if n > limit else ""
            self.query_one(selector, Static).update(Text(f"{n}/{limit}", style=style))

    def _checked(self) -> checkin.PostDraft:
        draft = self.current()
        problems = checkin.post_problems(draft)
        if "title" in problems:
            raise FormError(problems["title"], "#post-title")
        if "body" in problems:
            raise FormError(problems["body"], "#post-body")
        return draft

    def action_copy(self) -> None:
        draft = self.checked(self._checked)
        if draft is None:
            return
        self.app.copy_to_clipboard(draft.text())
        self.error("")
        self.notify(
            _("Copied ({n} characters): paste it into the app and post.", n=len(draft.text()))
        )

    def result(self) -> PostResult:
        draft = self._checked()
        where = self.query_one("#post-where-to", Input).value.strip()
        if not where:
            raise FormError(_("Where was it posted?"), "#post-where-to")
        return PostResult(draft.text(), where, True)

    def action_cancel(self) -> None:
        """Back to the check-in, the draft kept (not posted)."""
        self.dismiss(PostResult(self.current().text(), self.where, False))
