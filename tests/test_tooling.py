"The install pins, the pre-commit hook and the run profiles keep the promises the README makes."
import configparser
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _reqs(name):
    return [l.split('#')[0].strip() for l in (ROOT / name).read_text().splitlines() if l.split('#')[0].strip()]


def test_requirements_are_pinned():
    for name in ('requirements.txt', 'requirements-data.txt', 'requirements-test.txt', 'constraints.txt'):
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


def test_run_notebook_runs_cells_as_a_script(tmp_path, venv_bin):
    "tools/run_notebook.py: last expressions printed (not after `;`), figures saved, sections skipped, stops at --until."
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
    nb = new_notebook(cells=[
        new_code_cell('from IPython.display import HTML\nimport matplotlib.pyplot as plt\nx = 20'),
        new_code_cell('x + 1'), new_code_cell('x + 2;'),
        new_markdown_cell('## Skipped part'), new_code_cell('raise RuntimeError("skipped section ran")'),
        new_markdown_cell('### still skipped'), new_code_cell('raise RuntimeError("subsection ran")'),
        new_markdown_cell('## Plot'), new_code_cell('plt.plot([1, 2]); plt.show()\nHTML("<b>x</b>")'),
        new_code_cell('#| eval: false\nraise RuntimeError("eval: false ran")'),
        new_markdown_cell('## End'), new_code_cell('raise RuntimeError("ran past --until")')])
    nbformat.write(nb, tmp_path / 'demo.ipynb')
    r = subprocess.run([str(venv_bin / 'python'), str(ROOT / 'tools/run_notebook.py'), str(tmp_path / 'demo.ipynb'),
                        '--figures', str(tmp_path / 'figs'), '--skip', '## Skipped', '--until', '## End'],
                       cwd=tmp_path, capture_output=True, text=True, timeout=300, env={**os.environ, 'MPLBACKEND': 'Agg'})
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0] == '21' and '22' not in lines
    assert (tmp_path / 'figs/fig-01.png').stat().st_size > 1000
    assert 'demo.ipynb: 4 code cells' in r.stdout
    bad = subprocess.run([str(venv_bin / 'python'), str(ROOT / 'tools/run_notebook.py'), str(tmp_path / 'demo.ipynb')],
                         cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert bad.returncode != 0 and 'skipped section ran' in bad.stderr


def test_run_notebook_refuses_another_stack(tmp_path):
    "tools/run_notebook.py runs only under the pinned stack (a GPU host's own torch would make other numbers)."
    sys.path.insert(0, str(ROOT / 'tools'))
    try: from run_notebook import version_mismatches
    finally: sys.path.remove(str(ROOT / 'tools'))
    assert version_mismatches() == []   # the project's environment has exactly the pins
    req = tmp_path / 'requirements.txt'
    req.write_text((ROOT / 'requirements.txt').read_text().replace('torch==2.13.0', 'torch==1.0.0'))
    wrong = version_mismatches(req)
    assert len(wrong) == 1 and wrong[0].startswith('torch: installed 2.13.0, pinned 1.0.0')
