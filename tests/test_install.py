"""Issue 2, acceptance 1: in a fresh venv the README's install works and both entry points list the commands."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import REPO


@pytest.mark.skipif(os.environ.get("STUDYCLI_SKIP_INSTALL_TEST") == "1", reason="install test disabled")
def test_fresh_venv_install_runs_both_entry_points(tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = subprocess.run([str(venv / "bin" / "pip"), "install", "-q", str(REPO)], capture_output=True, text=True)
    assert pip.returncode == 0, pip.stderr[-2000:]
    env = {**os.environ, "STUDYCLI_HOME": str(tmp_path / "home")}
    for command in ([str(venv / "bin" / "studycli"), "--help"], [str(venv / "bin" / "python"), "-m", "studycli", "--help"]):
        result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        for name in ("quiz", "review", "facts", "content", "scenario", "stats", "exam"):
            assert name in result.stdout
    # the installed package finds its content and notes without the source checkout
    check = subprocess.run([str(venv / "bin" / "studycli"), "content", "check"], capture_output=True, text=True,
                           env=env, cwd=tmp_path)
    assert check.returncode == 0, check.stdout[-2000:] + check.stderr
    notes = subprocess.run([str(venv / "bin" / "python"), "-c",
                            "from studycli.paths import notes_path, content_dir; "
                            "print(notes_path().is_file(), len(list((content_dir() / 'scenarios').glob('*.yaml'))))"],
                           capture_output=True, text=True, env=env, cwd=tmp_path)
    shipped = len(list((REPO / "content" / "scenarios").glob("*.yaml")))
    assert notes.stdout.split() == ["True", str(shipped)], notes.stderr
