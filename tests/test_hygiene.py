"The committed notebooks are clean, the library is in sync with them, and README.md with nbs/index.ipynb."
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _copy_project(dst: Path):
    for name in ('pyproject.toml', 'settings.ini'):
        shutil.copy2(ROOT / name, dst / name)
    shutil.copytree(ROOT / 'nbs', dst / 'nbs', ignore=shutil.ignore_patterns('.ipynb_checkpoints', '_proc'))
    shutil.copytree(ROOT / 'kd_notes', dst / 'kd_notes', ignore=shutil.ignore_patterns('__pycache__'))


def _changed(a: Path, b: Path, pattern: str) -> list[str]:
    names = sorted({p.relative_to(a).as_posix() for p in a.glob(pattern)} | {p.relative_to(b).as_posix() for p in b.glob(pattern)})
    return [n for n in names if not ((a / n).exists() and (b / n).exists() and (a / n).read_bytes() == (b / n).read_bytes())]


def _changes_made_by(cmd: str, folder: str, pattern: str, tmp_path: Path, venv_bin: Path) -> list[str]:
    "Files under `folder` that running nbdev's `cmd` on a copy of the project changes."
    _copy_project(tmp_path)
    r = subprocess.run([str(venv_bin / cmd)], cwd=tmp_path, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    return _changed(ROOT / folder, tmp_path / folder, pattern)


def test_notebooks_are_clean(tmp_path, venv_bin):
    changed = _changes_made_by('nbdev-clean', 'nbs', '*.ipynb', tmp_path, venv_bin)
    assert not changed, f'nbdev-clean changes {changed}: run `nbdev-clean` (or `pre-commit install` once) and commit.'


def test_library_in_sync_with_notebooks(tmp_path, venv_bin):
    changed = _changes_made_by('nbdev-export', 'kd_notes', '*.py', tmp_path, venv_bin)
    assert not changed, f'nbdev-export changes kd_notes/{changed}: edit the notebooks, run `nbdev-export` and commit.'


def test_readme_is_generated_from_index():
    sys.path.insert(0, str(ROOT / 'tools'))
    try: from build_site import render_readme
    finally: sys.path.remove(str(ROOT / 'tools'))
    assert (ROOT / 'README.md').read_text() == render_readme(), \
        'README.md differs from nbs/index.ipynb: run `make site` (or `make book`) and commit README.md.'


def test_quarto_sidebar_lists_every_notebook(venv_bin):
    "nbs/sidebar.yml (for nbdev-docs where Quarto is installed) is what nbdev-sidebar would write now."
    import subprocess
    code = 'from nbdev.quarto import nbdev_sidebar; nbdev_sidebar.__wrapped__(printit=True)'
    r = subprocess.run([str(venv_bin / 'python'), '-c', code], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == (ROOT / 'nbs/sidebar.yml').read_text().strip(), 'run `nbdev-sidebar` and commit nbs/sidebar.yml'


def test_no_measured_number_is_typed_into_markdown():
    "Measured numbers are rendered from results by code; see tools/typed_numbers.py for what markdown may hold."
    sys.path.insert(0, str(ROOT / 'tools'))
    try: from typed_numbers import typed_numbers
    finally: sys.path.remove(str(ROOT / 'tools'))
    found = [f'{p.name} cell {i}: {num!r} in "{line[:120]}"'
             for p in sorted((ROOT / 'nbs').glob('*.ipynb')) for i, num, line in typed_numbers(p)]
    assert not found, ('Numbers typed into markdown (render measured ones from results with a `#| echo: false` cell that returns '
                       'Markdown; mark settings, quotations and cited figures as tools/typed_numbers.py says):\n' + '\n'.join(found))


def test_one_trainer():
    """Every model of the book trains through `kd_notes.distill.distill`: no other module builds an optimiser. The one
    exception is `sae.train_toy`, whose toy model sees freshly drawn synthetic features at every step (no data set)."""
    import re
    allowed = {('distill.py', 'distill'), ('sae.py', 'train_toy')}
    found = set()
    for p in sorted((ROOT / 'kd_notes').glob('*.py')):
        fn = None
        for line in p.read_text().splitlines():
            m = re.match(r'def (\w+)\(', line)
            if m: fn = m.group(1)
            if re.search(r'torch\.optim\.\w+\(', line): found.add((p.name, fn))
    assert found == allowed, sorted(found ^ allowed)
