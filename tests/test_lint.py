"""Issue 13: ruff and mypy run inside the README's test command, and pass.

The configuration lives in pyproject.toml (mypy strict on the engines: studycli/study, sims,
render). Skipped only where the tools are not installed (they come with the test extra)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def tool(name: str) -> list[str]:
    beside = Path(sys.executable).with_name(name)
    if beside.exists():
        return [str(beside)]
    found = shutil.which(name)
    if not found:
        pytest.skip(f"{name} is not installed")
    return [found]


def test_ruff_finds_nothing():
    run = subprocess.run([*tool("ruff"), "check", "--no-cache", "."], cwd=REPO, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-3000:]


def test_mypy_finds_nothing():
    run = subprocess.run([*tool("mypy"), "--no-incremental"], cwd=REPO, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout[-3000:]
