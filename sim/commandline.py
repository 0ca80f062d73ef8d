"""Plumbing shared by ``python -m sim`` and ``python -m analysis``: exit codes, parsing, errors.

Every command ends with one of the :class:`ExitCode` values (docs/OUTPUTS.md). A user's
mistake is one line on stderr and exit 2 (:func:`guarded`); a failure to write output is
one line saying what was kept and exit 74; SIGTERM is handled like Ctrl-C (SIGINT), the
command keeping what it finished, but ends with 143 instead of 130. While a command writes
the files that finish its output, both signals wait (:func:`deferred_signals`).
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import IntEnum
from pathlib import Path
from types import FrameType

from sim.errors import ConfigError


class ExitCode(IntEnum):
    """Process exit codes (docs/OUTPUTS.md, 'Exit codes')."""

    OK = 0
    RUN_FAILED = 1
    BAD_INPUT = 2
    WRITE_FAILED = 74  # sysexits.h EX_IOERR: output could not be written, what was kept is said
    INTERRUPTED = 130  # 128 + SIGINT
    TERMINATED = 143  # 128 + SIGTERM


class UsageError(Exception):
    """A bad command line, reported on one line."""


class WriteFailed(Exception):
    """Output could not be written; the message says what is kept on disk."""


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where Ctrl-C would raise KeyboardInterrupt."""


class Parser(argparse.ArgumentParser):
    """An ArgumentParser that raises instead of printing usage and exiting."""

    def error(self, message: str) -> None:  # type: ignore[override]
        """Raise :class:`UsageError` with argparse's message."""
        raise UsageError(f"{self.prog}: {message}")


def one_line(text: object) -> str:
    """Text with every run of whitespace (newlines included) made one space."""
    return " ".join(str(text).split())


def interrupt_code(exc: BaseException | None) -> ExitCode:
    """143 for SIGTERM, else 130."""
    return ExitCode.TERMINATED if isinstance(exc, Terminated) else ExitCode.INTERRUPTED


def _raise_terminated(signum: int, frame: FrameType | None) -> None:
    raise Terminated


def guarded(command: Callable[[], int], *, restore_signals: bool = True) -> int:
    """Run a command: bad input and write failures become one line on stderr and a code.

    SIGTERM raises :class:`Terminated` (a KeyboardInterrupt) in the main thread while the
    command runs, so every place that keeps finished work on Ctrl-C does so on SIGTERM too.
    The signal handlers are restored at the end unless ``restore_signals`` is False (the
    process is about to exit: a late second Ctrl-C then stays ignored, no traceback).
    """
    main_thread = threading.current_thread() is threading.main_thread()
    previous = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    if main_thread:
        signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        return command()
    except (ConfigError, UsageError) as exc:
        print(f"error: {one_line(exc)}", file=sys.stderr)
        return ExitCode.BAD_INPUT
    except WriteFailed as exc:
        print(f"error: {one_line(exc)}", file=sys.stderr)
        return ExitCode.WRITE_FAILED
    except KeyboardInterrupt as exc:  # outside any run loop (loading, the summary)
        print("interrupted", file=sys.stderr)
        return interrupt_code(exc)
    finally:
        if main_thread and restore_signals:
            for signum, handler in previous.items():
                signal.signal(signum, handler)


def ignore_signals() -> None:
    """After an interruption: further Ctrl-C and SIGTERM are ignored while the command ends.

    (:func:`guarded` restores the handlers when the command returns.)
    """
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)


@contextmanager
def deferred_signals(*, reraise: bool = True) -> Iterator[list[int]]:
    """Hold SIGINT and SIGTERM until the block ends (a write that must not be cut short).

    Yields the list of signals received meanwhile. With ``reraise``, the first of them is
    raised after the block (KeyboardInterrupt or :class:`Terminated`); otherwise the caller
    reads the list. Outside the main thread signals cannot be handled: nothing changes.
    """
    received: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield received
        return

    def hold(signum: int, frame: FrameType | None) -> None:
        received.append(signum)

    previous = {s: signal.signal(s, hold) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield received
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    if reraise and received:
        raise Terminated if received[0] == signal.SIGTERM else KeyboardInterrupt


def checked_out(value: str | Path, option: str = "--out") -> Path:
    """An output folder that can be created or written to; else a :class:`UsageError`.

    Checked before any work starts, so that a bad ``--out`` costs nothing; nothing is
    created here (the command creates the folder when it writes its first file).
    """
    path = Path(value)
    if path.exists() and not path.is_dir():
        raise UsageError(f"{option} {value}: exists and is not a directory")
    existing = path
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise UsageError(f"{option} {value}: {existing} is a file, not a directory")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise UsageError(f"{option} {value}: cannot write in {existing}: permission denied")
    return path
