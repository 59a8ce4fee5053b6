"""The Roadmap's writes: every change one function applied inside one store transaction.

Keys and dialogs decide *what* changes; this module says *how* it is written. Each
change goes through ``app.persist`` (the app's one writer: in order, after every change
asked for before it) as ``repo.update_x(id, fn)``, so a burst of keys, or another process
writing the same folder, never undoes a change. A dialog's edit of a record it opened
earlier is merged field by field onto the record as it is now (``merging``): a field the
user changed that was also changed elsewhere keeps the other change, and the user is told.

No Textual here: the screens call these with the app.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from cadence.data.merge import merging
from cadence.data.models import ChecklistItem, MustDo, RoadmapGoal
from cadence.i18n import _
from cadence.screens.roadmap.drawing import month_label

if TYPE_CHECKING:
    from cadence.app import CadenceApp
    from cadence.widgets.form import FormDialog

T = TypeVar("T")

#: What a record's fields are called on screen, to say which one was kept.
FIELD_TITLES = {
    "text": "Goal",
    "title": "Title",
    "notes": "Notes",
    "month": "Month",
    "track": "Track",
    "url": "Link",
    "minutes": "Length",
    "when": "When",
    "status": "Status",
    "kind": "Kind",
    "description": "About",
}


def say_later(app: CadenceApp, text: str, *, warning: bool = False) -> None:
    """Show ``text`` as a toast, from any thread (the writer's included); never waits."""
    severity = "warning" if warning else "information"
    app.host.on_main(lambda: app.notify(text, severity=severity, markup=False))  # type: ignore[arg-type]


def save_merged(
    app: CadenceApp,
    write: Callable[[Callable[[T], T]], Any],
    opened: T,
    edited: T,
    *,
    done: str,
) -> None:
    """Save the fields of ``edited`` that differ from ``opened`` onto the record as stored.

    ``write(change)`` applies ``change`` in one transaction (``repo.update_goal(id, ...)``)
    and returns None when the record is gone. Says ``done``, or which fields were kept as
    another process changed them, or that the record was deleted meanwhile.
    """
    change, conflicts = merging(opened, edited)

    def run() -> None:
        if write(change) is None:
            say_later(app, _("Not saved: it was deleted elsewhere meanwhile."), warning=True)
        elif conflicts:
            names = ", ".join(_(FIELD_TITLES.get(n, n)) for n in conflicts)
            say_later(
                app,
                _(
                    "Saved, except {fields}: changed elsewhere meanwhile, kept as changed there.",
                    fields=names,
                ),
                warning=True,
            )
        else:
            say_later(app, done)

    app.persist(run)


def edit_in(
    app: CadenceApp,
    form: FormDialog[T],
    opened: T,
    write: Callable[[Callable[[T], T]], Any],
    *,
    done: str,
) -> None:
    """Open ``form`` on the record ``opened``; what it returns is saved with ``save_merged``
    (nothing when it is cancelled or unchanged)."""

    def edited(new: T | None) -> None:
        if new is not None and new != opened:
            save_merged(app, write, opened, new, done=done)

    app.push_screen(form, edited)


class GoalEdits:
    """The changes made to roadmap goals from the Roadmap, and the deleted goals (for undo)."""

    def __init__(self, app: CadenceApp) -> None:
        self.app = app
        self.deleted: list[RoadmapGoal] = []

    def toggle(self, goal_id: str, today: str) -> None:
        """Done ↔ not done, flipped on the goal as stored: n quick presses flip it n times."""

        def change(goal: RoadmapGoal) -> None:
            goal.done = not goal.done
            goal.done_on = today if goal.done else None

        repo = self.app.repo
        self.app.persist(lambda: repo.update_goal(goal_id, change))

    def add(self, goal: RoadmapGoal) -> None:
        repo = self.app.repo
        self.app.persist(
            lambda: repo.add_goal(goal),
            done=_("Goal added to {month}", month=month_label(goal.month)),
        )

    def _write(self, goal_id: str) -> Callable[[Callable[[RoadmapGoal], RoadmapGoal]], Any]:
        repo = self.app.repo
        return lambda change: repo.update_goal(goal_id, change)

    def edit(self, form: FormDialog[RoadmapGoal], opened: RoadmapGoal) -> None:
        """Open ``form`` on ``opened``; save what the user changed (text, track, month, notes)."""
        edit_in(self.app, form, opened, self._write(opened.id), done=_("Goal saved"))

    def save(self, opened: RoadmapGoal, edited: RoadmapGoal, *, done: str) -> None:
        """Save what the user changed of ``opened`` (the detail's notes)."""
        save_merged(self.app, self._write(opened.id), opened, edited, done=done)

    def move(self, goal_id: str, month: int) -> None:
        def change(goal: RoadmapGoal) -> None:
            goal.month = month

        repo = self.app.repo
        self.app.persist(
            lambda: repo.update_goal(goal_id, change),
            done=_("Moved to {month}", month=month_label(month)),
        )

    def delete(self, goal: RoadmapGoal) -> None:
        self.deleted.append(goal)
        repo = self.app.repo
        self.app.persist(lambda: repo.delete_goal(goal.id), done=_("Deleted. Press u to undo."))

    def undo(self) -> RoadmapGoal | None:
        """Put the last deleted goal back (as it was deleted); None when nothing was."""
        if not self.deleted:
            return None
        goal = self.deleted.pop()
        repo = self.app.repo
        self.app.persist(lambda: repo.add_goal(goal), done=_("Restored: {item}", item=goal.text))
        return goal


# ---------------------------------------------------------------- checklist items


def change_item(must: MustDo, item_id: str, change: Callable[[ChecklistItem], Any]) -> bool:
    """Apply ``change`` to the item ``item_id`` of ``must`` (in place, or the item it
    returns); False when there is no such item."""
    for n, item in enumerate(must.items):
        if item.id == item_id:
            out = change(item)
            if out is not None:
                must.items[n] = out
            return True
    return False


def save_item(
    app: CadenceApp, must_id: str, opened: ChecklistItem, edited: ChecklistItem, *, done: str
) -> None:
    """Save what the user changed of a checklist item onto the item as stored."""
    repo = app.repo

    def write(change: Callable[[ChecklistItem], ChecklistItem]) -> object | None:
        found: list[bool] = []

        def on_must_do(must: MustDo) -> None:
            found.append(change_item(must, opened.id, change))

        stored = repo.update_must_do(must_id, on_must_do)
        return stored if stored is not None and any(found) else None

    save_merged(app, write, opened, edited, done=done)
