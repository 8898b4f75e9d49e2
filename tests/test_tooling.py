"The install pins, the pre-commit hook and the run profiles keep the promises the README makes."
import configparser
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _reqs(name):
    return [l.split('#')[0].strip() for l in (ROOT / name).read_text().splitlines() if l.split('#')[0].strip()]


def test_requirements_are_pinned():
    for name in ('requirements.txt', 'requirements-data.txt', 'constraints.txt'):
        loose = [r for r in _reqs(name) if '==' not in r]
        assert not loose, f'{name} has unpinned lines: {loose}'
    assert 'torch==2.13.0' in _reqs('requirements.txt')


def test_every_package_install_names_torch():
    "An unpinned torch pulls a multi-GB CUDA build: every pip install of packages names the pin."
    lines = [l for l in (ROOT / 'tools/install.sh').read_text().splitlines() if re.search(r'pip\[@\]\}"? install', l)]
    assert len(lines) >= 3
    for l in lines:
        if 'pip==' in l: continue  # upgrading pip itself cannot pull torch
        assert '"$TORCH"' in l, l
    assert 'TORCH="torch==2.13.0"' in (ROOT / 'tools/install.sh').read_text()


def test_pre_commit_uses_the_tested_nbdev():
    pinned = next(r for r in _reqs('requirements.txt') if r.startswith('nbdev=='))
    cfg = (ROOT / '.pre-commit-config.yaml').read_text()
    assert pinned in cfg, f'.pre-commit-config.yaml must use {pinned}, like the tests'
    assert 'nbdev-clean' in cfg and 'nbdev-export' in cfg


def test_profiles_share_their_keys():
    cp = configparser.ConfigParser(interpolation=None, inline_comment_prefixes=('#', ';'))
    cp.read(ROOT / 'settings.ini')
    assert set(cp.sections()) >= {'fast', 'full'}
    keys = {s: set(cp[s]) for s in cp.sections()}
    assert all(k == keys['fast'] for k in keys.values()), keys


def test_install_is_skipped_when_nothing_changed(venv_bin):
    "A second `make` does not reinstall: the hash stamp matches."
    venv = venv_bin.parent
    if not (venv / '.kd_notes-install-stamp').exists():
        import pytest; pytest.skip('not running from an environment made by tools/install.sh')
    r = subprocess.run(['bash', 'tools/install.sh', '--check'], cwd=ROOT, env={'VENV': str(venv), 'PATH': '/usr/bin:/bin'},
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert 'skipping install' in r.stdout


def test_ruff_is_clean(venv_bin):
    r = subprocess.run([str(venv_bin / 'ruff'), 'check', 'kd_notes', 'tools', 'tests', 'bench', 'conftest.py'],
                       cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
