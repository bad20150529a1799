"""Shared test set-up: every test gets its own STUDYCLI_HOME and no colour."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import settings

# CI runs the property tests derandomized (the same examples every run), so a red build is
# reproducible and never a coin toss; locally every run explores new examples.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("explore", deadline=None, print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else os.environ.get("HYPOTHESIS_PROFILE", "explore"))

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


# What a developer's shell may have exported and a test must not inherit: studycli's own
# switches, the terminal's size (rich wraps to COLUMNS) and the local time zone. A test that
# needs one of them sets it itself.
INHERITED = ("STUDYCLI_NOW", "STUDYCLI_FUZZ", "STUDYCLI_DEBUG", "STUDYCLI_NO_CACHE", "STUDYCLI_NO_COLOR",
             "COLUMNS", "LINES")


@pytest.fixture(autouse=True)
def studycli_home(tmp_path, monkeypatch):
    home = tmp_path / "home"
    monkeypatch.setenv("STUDYCLI_HOME", str(home))
    monkeypatch.setenv("NO_COLOR", "1")
    for name in INHERITED:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("STUDYCLI_LANG", "en")
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    return home


def run_cli(*args: str, stdin: str | None = None, env: dict | None = None, timeout: float = 60):
    """Run `python -m studycli ARGS` in a subprocess with the test's environment."""
    return subprocess.run([sys.executable, "-m", "studycli", *args], input=stdin, capture_output=True,
                          text=True, timeout=timeout, env={**os.environ, **(env or {})}, cwd=REPO)


@pytest.fixture(scope="session")
def catalogue():
    """The shipped content, validated (loaded once for the whole run)."""
    from studycli.content import load_catalogue

    return load_catalogue()


@pytest.fixture(scope="session")
def facts(catalogue):
    return catalogue.by_id()


def seed_coverage_tool():
    """The shared notes-coverage tool as a module, or None where shared/ is absent."""
    import importlib.util

    path = SHARED / "tools" / "seed_coverage.py"
    if not path.is_file():
        return None
    spec = importlib.util.spec_from_file_location("seed_coverage", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
