"""Run a command with no shell among its parent processes, as a CI runner that starts Python directly.

    env -i PATH=$PWD/.venv/bin:/usr/bin:/bin HOME=$(mktemp -d) LANG=C.UTF-8 \\
        .venv/bin/python tests/run_without_shell.py .venv/bin/python -m pytest -p no:cacheprovider

`setsid env -i ...` typed in a shell is not enough: setsid and env exec in place, so the shell
stays the parent. Here the command is started by a grandchild that has been re-parented to
init (double fork), and only its exit code and output come back. Linux and macOS.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    fd, rc_file = tempfile.mkstemp(prefix="run-without-shell-")
    os.close(fd)
    os.unlink(rc_file)
    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:
        os.setsid()
        if os.fork() == 0:  # the grandchild: its parent exits at once, so init adopts it
            os.close(read_end)
            os.dup2(write_end, 1)
            os.dup2(write_end, 2)
            worker = os.fork()
            if worker == 0:
                os.execvpe(argv[0], argv, os.environ)
            _, status = os.waitpid(worker, 0)
            with open(rc_file + ".tmp", "w") as f:
                f.write(str(os.waitstatus_to_exitcode(status)))
            os.replace(rc_file + ".tmp", rc_file)
            os._exit(0)
        os._exit(0)
    os.close(write_end)
    os.waitpid(child, 0)
    with os.fdopen(read_end, "rb") as output:
        for chunk in iter(lambda: output.read1(65536), b""):
            sys.stdout.buffer.write(chunk)
            sys.stdout.buffer.flush()
    while not os.path.exists(rc_file):  # the pipe closes a moment before the exit code is written
        time.sleep(0.05)
    with open(rc_file) as f:
        code = int(f.read())
    os.unlink(rc_file)
    return code if code >= 0 else 128 - code  # killed by a signal: as a shell reports it


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
