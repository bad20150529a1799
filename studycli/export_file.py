"""Where an export may go, and writing it so that nothing is lost (issue 17).

- Never onto studycli's own files: nothing that already exists in its data directory (the
  progress database and its journals, the crash log) and nothing under its cache. A new file
  beside them is allowed (scripts that point STUDYCLI_HOME at a scratch directory export there).
- Never over an existing file without `--force`.
- A symlink is written through: the file it points to is the target, checked like any other.
- Only regular files are replaced: a FIFO, a device or a socket is refused, and so is a file
  with other hard links (replacing it would split them from the new content).
- A replaced file keeps its mode (a 600 export stays 600).
- `-` is standard output (CSV only: an Anki package is binary).
- The file is written under a short hidden temporary name beside the target and renamed
  into place, so a killed export leaves the old file or none, never half of one; that
  temporary file is removed on every way out, and a stale one (a SIGKILL) by the next export.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from collections.abc import Callable
from pathlib import Path

from studycli.errors import DISK_FULL, EXPORT_REFUSED, OUTPUT_FAILED, StudyError
from studycli.i18n import msg

TMP_SUFFIX = ".studycli-partial"
STDOUT = "-"


def is_stdout(file: Path) -> bool:
    return str(file) == STDOUT


def target_for(file: Path, force: bool) -> Path:
    """The path an export to `file` replaces or creates, after every check above; StudyError if refused."""
    try:
        given = file.expanduser()
    except RuntimeError:  # ~someone with no such user
        raise StudyError(msg("export.cannot_write", target=file, reason=msg("export.no_such_user")),
                         code=EXPORT_REFUSED) from None
    real = Path(os.path.realpath(given))  # through every symlink, a dangling one included
    _refuse_data_dir(given, real)
    try:
        info = os.stat(real)
    except FileNotFoundError:
        return real
    except OSError as err:
        raise StudyError(msg("export.cannot_write", target=given, reason=err.strerror), code=OUTPUT_FAILED) from None
    if stat.S_ISDIR(info.st_mode):
        raise StudyError(msg("export.is_a_directory", target=given), code=EXPORT_REFUSED)
    if not stat.S_ISREG(info.st_mode):
        raise StudyError(msg("export.not_regular", target=given, kind=msg(_kind_key(info.st_mode))),
                         code=EXPORT_REFUSED)
    if info.st_nlink > 1:
        raise StudyError(msg("export.hard_links", target=given, links=info.st_nlink), code=EXPORT_REFUSED)
    if not force:
        raise StudyError(msg("export.exists", target=given), code=EXPORT_REFUSED)
    return real


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except OSError:   # a name too long for the file system names no file of ours
        return False


def _refuse_data_dir(given: Path, real: Path) -> None:
    from studycli.paths import data_dir

    try:
        home = Path(os.path.realpath(data_dir()))
    except StudyError:
        return  # no data directory can be found, so there is none to protect
    inside = real == home or home in real.parents
    owned = real == home or _exists(real) or home / "cache" in (real, *real.parents) or real.parent != home
    if inside and owned:
        raise StudyError(msg("export.inside_data_dir", target=given, directory=home), code=EXPORT_REFUSED)


def _kind_key(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "export.kind.fifo"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "export.kind.device"
    if stat.S_ISSOCK(mode):
        return "export.kind.socket"
    return "export.kind.other"


def temp_path(target: Path, suffix: str = TMP_SUFFIX) -> Path:
    """A hidden name beside `target`, short whatever the target's length, the same on every run
    (so the next export clears what a killed one left)."""
    digest = hashlib.sha256(os.fsencode(target.name)).hexdigest()[:12]
    return target.with_name(f".{target.name[:40]}.{digest}{suffix}")


def atomic_write(target: Path, write: Callable[[Path], object]) -> None:
    """Call `write(tmp)`, then rename `tmp` over `target` (keeping the mode of the file it replaces)."""
    tmp = temp_path(target)
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        mode = None
    try:
        tmp.unlink(missing_ok=True)
        write(tmp)
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, target)
    except OSError as err:
        code = DISK_FULL if err.errno in (errno.ENOSPC, errno.EDQUOT) else OUTPUT_FAILED
        raise StudyError(msg("export.cannot_write", target=target, reason=err.strerror or err), code=code) from None
    finally:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
