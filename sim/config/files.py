"""Reading TOML input files safely: regular files only, bounded in size and nesting.

A scenario or sweep file is a few kilobytes. Anything that is not a regular file (a FIFO
would block, ``/dev/zero`` never ends), larger than :data:`MAX_FILE_BYTES`, nested deeper
than :data:`MAX_DEPTH` or not TOML is one :class:`~sim.errors.ConfigError`, never a hang
or a traceback (docs/OUTPUTS.md, 'Input files').
"""

from __future__ import annotations

import os
import stat
import tomllib
from pathlib import Path
from typing import Any

from sim.errors import ConfigError

MAX_FILE_BYTES = 1_000_000  # a scenario or sweep file is a few KB; docs/CONFIG.md
MAX_EXTENDS = 32  # files in an ``extends`` chain
MAX_DEPTH = 32  # tables and arrays within each other


def within_depth(table: dict[str, Any], source: str) -> dict[str, Any]:
    """``table`` if its tables and arrays nest at most :data:`MAX_DEPTH` deep, else an error.

    Checked level by level, without recursion.
    """
    level: list[Any] = [table]
    for _ in range(MAX_DEPTH + 1):
        level = [
            child
            for node in level
            for child in (node.values() if isinstance(node, dict) else node)
            if isinstance(child, dict | list)
        ]
        if not level:
            return table
    raise ConfigError(source, "", f"tables or arrays nested more than {MAX_DEPTH} deep")


def read_toml(path: str | Path) -> dict[str, Any]:
    """Parse a TOML file; a missing, oversized, irregular or malformed file is a ConfigError.

    Only regular files are read (a FIFO or a device would block or never end), at most
    :data:`MAX_FILE_BYTES`; nesting too deep for the parser is an error, not a crash.
    """
    source = str(path)
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise ConfigError(source, "", "is a directory, expected a TOML file")
        if not stat.S_ISREG(info.st_mode):
            raise ConfigError(source, "", "not a regular file, expected a TOML file")
        if info.st_size > MAX_FILE_BYTES:
            message = f"{info.st_size} bytes; a scenario or sweep file has at most {MAX_FILE_BYTES}"
            raise ConfigError(source, "", message)
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            raise ConfigError(source, "", f"larger than {MAX_FILE_BYTES} bytes")
        return within_depth(tomllib.loads(data.decode("utf-8")), source)
    except FileNotFoundError:
        raise ConfigError(source, "", "no such file") from None
    except IsADirectoryError:
        raise ConfigError(source, "", "is a directory, expected a TOML file") from None
    except PermissionError:
        raise ConfigError(source, "", "cannot read it: permission denied") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(source, "", f"not valid TOML: {exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(source, "", "not valid TOML: not UTF-8 text") from None
    except RecursionError:
        raise ConfigError(source, "", "not valid TOML here: nested too deeply") from None
