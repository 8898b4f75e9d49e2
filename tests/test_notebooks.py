"""Every notebook runs top to bottom with nbdev-test in the `test` profile (the smallest sizes that run every code path):
one test per notebook. `make book` measures in the fast profile; this checks the code, not the findings."""
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted(p for p in (ROOT / 'nbs').glob('*.ipynb') if not p.name.startswith(('_', '.')))


PROFILE = os.environ.get('KD_NOTES_TEST_PROFILE', 'test')


def nbdev_test(bin_dir: Path, path: Path, cwd: Path, timeout: int = 3600) -> subprocess.CompletedProcess:
    env = {**os.environ, 'KD_NOTES_PROFILE': PROFILE, 'KD_NOTES_NOTEBOOK': str(path)}
    return subprocess.run([str(bin_dir / 'nbdev-test'), str(path), '--do-print'], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=timeout)


def test_there_are_notebooks():
    names = [p.name for p in NOTEBOOKS]
    assert 'index.ipynb' in names and '00_core.ipynb' in names, names


@pytest.mark.notebooks
@pytest.mark.parametrize('nb', NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs(nb, venv_bin, root):
    r = nbdev_test(venv_bin, nb, root)
    assert r.returncode == 0, f'nbdev-test failed on {nb.name}:\n{r.stdout[-4000:]}\n{r.stderr[-8000:]}'
    assert 'Success' in r.stdout + r.stderr


@pytest.mark.notebooks
def test_harness_catches_a_failing_notebook(tmp_path, venv_bin, root):
    "The check above can fail: nbdev-test on a notebook whose test cell fails exits non-zero."
    import nbformat
    (tmp_path / 'pyproject.toml').write_text('[project]\nname = "scratch"\n\n[tool.nbdev]\nlib_path = "scratch"\nnbs_path = "."\n')
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell('from fastcore.test import test_eq'),
                nbformat.v4.new_code_cell('test_eq(1 + 1, 3)')]
    nbformat.write(nb, tmp_path / 'broken.ipynb')
    r = nbdev_test(venv_bin, tmp_path / 'broken.ipynb', tmp_path, timeout=300)
    assert r.returncode != 0
    assert '==' in r.stdout + r.stderr  # fastcore's message names the comparison that failed
