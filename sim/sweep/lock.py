"""One writer per run directory: an exclusive ``flock`` on the directory itself.

The lock is taken on the directory (no lock file to clean up) and released by the
operating system when the process ends, however it ends (``kill -9`` included), so a
stale lock cannot exist. Who holds it is read from the manifest's ``process`` field, which
the holder writes once it has the lock. Worker processes forked while a lock is held close
their inherited copy (:func:`close_inherited`), so a dead sweep's lingering workers never
keep its directory locked.
"""

from __future__ import annotations

import fcntl
import json
import os
from pathlib import Path

from sim.errors import ConfigError

HELD: dict[str, int] = {}  # directory -> file descriptor holding its lock, in this process


def holder(run_dir: Path) -> str:
    """Who holds the lock, as the manifest says (``pid N on HOST``), or ``another process``."""
    try:
        process = json.loads((run_dir / "manifest.json").read_text(encoding="utf-8"))["process"]
        return f"pid {int(process['pid'])} on {process['host']}"
    except (OSError, ValueError, KeyError, TypeError):
        return "another process"


def lock_directory(run_dir: Path) -> None:
    """Take the run directory's lock, or raise a one-line :class:`ConfigError` naming the holder."""
    key = str(run_dir.resolve())
    if key in HELD:
        return
    fd = os.open(run_dir, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        message = f"in use by {holder(run_dir)}; wait for it to end (or stop it) and resume then"
        raise ConfigError(str(run_dir), "", message) from None
    HELD[key] = fd


def unlock_directory(run_dir: Path) -> None:
    """Release the run directory's lock, if this process holds it."""
    fd = HELD.pop(str(run_dir.resolve()), None)
    if fd is not None:
        os.close(fd)


def close_inherited() -> None:
    """In a forked worker: close the parent's lock descriptors (the parent keeps its locks)."""
    while HELD:
        os.close(HELD.popitem()[1])
