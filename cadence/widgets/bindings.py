"""Key bindings shown in the UI language (BINDINGS are written in English)."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any, cast

from textual.binding import BindingsMap
from textual.dom import DOMNode

from cadence.i18n import _
from cadence.widgets.textual_api import node_bindings, set_node_bindings

if TYPE_CHECKING:
    from cadence.app import CadenceApp


def translate_bindings(node: DOMNode) -> None:
    """Show binding descriptions in the UI language (BINDINGS are written in English).

    Works from the node's own bindings as first seen (so bindings Textual adds at
    run time, such as the command palette's, stay), and may be called again after
    the language changes.
    """
    english: BindingsMap | None = getattr(node, "_cadence_english_bindings", None)
    if english is None:
        english = node_bindings(node).copy()
        node._cadence_english_bindings = english  # type: ignore[attr-defined]
    translated = BindingsMap()
    for key, bindings in english.key_to_bindings.items():
        translated.key_to_bindings[key] = [
            dataclasses.replace(
                b,
                description=_(b.description) if b.description else b.description,
                tooltip=_(b.tooltip) if b.tooltip else b.tooltip,
                group=(
                    dataclasses.replace(b.group, description=_(b.group.description))
                    if b.group is not None and b.group.description
                    else b.group
                ),
            )
            for b in bindings
        ]
    set_node_bindings(node, translated)


class Translated:
    """For a screen or a dialog: its bindings shown in the UI language, and ``cadence``, the
    app with Cadence's own attributes. Listed before the Textual class it is mixed into."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        translate_bindings(cast(DOMNode, self))

    @property
    def cadence(self) -> CadenceApp:
        return cast("CadenceApp", cast(DOMNode, self).app)
