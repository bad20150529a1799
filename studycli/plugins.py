"""The entry points installed for a group, and loading one.

Reading them needs `importlib.metadata`, whose import alone costs a quiz a tenth of its time
(issue 19). So the entries found are remembered (`remembered`) under a key of every
distribution's `entry_points.txt` on `sys.path` (path, size, modification time): installing,
removing or changing a plug-in, or another `PYTHONPATH`, changes the key and they are read
again; otherwise a listing of the path's directories is all it costs.
"""

from __future__ import annotations

import os
import sys
from importlib import import_module
from typing import Any

METADATA_DIRS = (".dist-info", ".egg-info")


def installation() -> tuple[Any, ...]:
    """What the installed distributions' entry points are read from, as it is now."""
    from studycli.remembered import stamp

    key: list[Any] = []
    for entry in sys.path:
        where = entry or "."
        try:
            names = sorted(os.listdir(where))
        except (NotADirectoryError, FileNotFoundError, PermissionError, OSError):
            key.append(stamp(where))   # a zip file, or nothing
            continue
        key.append(where)
        key.extend(stamp(os.path.join(where, name, "entry_points.txt"))
                   for name in names if name.endswith(METADATA_DIRS))
    return tuple(key)


def entry_points(group: str) -> list[tuple[str, str]]:
    """(name, value) of every entry point installed in `group`, in the order importlib.metadata gives them."""
    from studycli import remembered

    key = (group, installation())
    found = remembered.recall(f"entry-points-{group}", key)
    if isinstance(found, list):
        return [(name, value) for name, value in found]
    from importlib.metadata import entry_points as installed

    found = [(entry.name, entry.value) for entry in installed(group=group)]
    remembered.keep(f"entry-points-{group}", key, found)
    return found


def load(value: str) -> Any:
    """The object an entry point's value names: `package.module:attribute.path` (extras ignored)."""
    module, _, attrs = value.partition("[")[0].strip().partition(":")
    found: Any = import_module(module.strip())
    for attr in filter(None, attrs.strip().split(".")):
        found = getattr(found, attr)
    return found
