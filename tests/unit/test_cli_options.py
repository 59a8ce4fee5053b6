"""The global options (``--data``, ``--lang``) after any subcommand, beside a command's own."""

from __future__ import annotations

import argparse

from cadence.cli import build_parser


def _commands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                yield (*path, name), child
                yield from _commands(child, (*path, name))


def test_every_subcommand_takes_the_global_options_once():
    parser = build_parser()  # a clash (export's own --lang) raises here
    seen = 0
    for path, child in _commands(parser):
        assert "--lang" in child._option_string_actions, path
        assert "--data" in child._option_string_actions, path
        seen += 1
    assert seen > 10


def test_an_option_before_the_command_is_kept_and_after_it_wins():
    parser = build_parser()
    assert parser.parse_args(["--lang", "zh", "status"]).lang == "zh"
    assert parser.parse_args(["status", "--lang", "zh"]).lang == "zh"
    args = parser.parse_args(["--lang", "en", "export", "--format", "md", "--lang", "zh"])
    assert args.lang == "zh"
    assert parser.parse_args(["--data", "/x", "agent", "status"]).data == "/x"
