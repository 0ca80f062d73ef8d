"""Errors that end a command with a clear, one-line message (exit code 2)."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


class SimError(Exception):
    """Any error reported to a user on one line: the message the command line prints.

    The Python API (:mod:`sim.api`, :mod:`analysis.api`) raises only this type (through its
    subclasses), so ``except sim.SimError`` catches every bad input.
    """


class ConfigError(SimError):
    """Bad input: names the file, the dotted key and what was expected.

    Rendered as ``FILE: KEY: MESSAGE`` on one line; the CLI prints it and exits with 2.
    """

    def __init__(self, source: str, key: str, message: str) -> None:
        self.source = source
        self.key = key
        self.message = message
        super().__init__(self.one_line())

    def one_line(self) -> str:
        """The message as the CLI prints it, guaranteed to be one line."""
        where = f"{self.source}: {self.key}: " if self.key else f"{self.source}: "
        return " ".join(f"{where}{self.message}".split())


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A ``(did you mean 'x'?)`` hint for a misspelt name, or an empty string."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""
