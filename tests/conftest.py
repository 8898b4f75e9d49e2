"Fixtures for tests/ (the repository-wide set-up is in ../conftest.py)."
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope='session')
def root() -> Path:
    return ROOT


@pytest.fixture(scope='session')
def venv_bin() -> Path:
    "The folder of the python running the tests (the project's .venv under make)."
    return Path(sys.executable).parent


def in_ci() -> bool:
    return os.environ.get('CI', '').strip().lower() not in ('', '0', 'false', 'no', 'off')
