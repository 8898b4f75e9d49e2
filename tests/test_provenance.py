"Committed outputs and results come from the committed code: the stamps `make book` writes are checked against the checkout."
import json
import shutil
from pathlib import Path

from kd_notes.core import load_settings, stale_notebooks, stamp_notebook

ROOT = Path(__file__).resolve().parent.parent


def _refresh_command(stale: dict) -> str:
    return f'NOTEBOOKS="{" ".join(sorted(stale))}" make book'


def test_committed_outputs_come_from_the_committed_code():
    stale = stale_notebooks(ROOT, ROOT / 'results')
    assert not stale, ('These notebooks show outputs, or wrote results, that came from other code:\n' +
                       '\n'.join(f'  nbs/{nb}.ipynb: {why}' for nb, why in sorted(stale.items())) +
                       f'\nRerun them in the fast profile and commit the notebooks and results/: {_refresh_command(stale)}')


def _copy(dst: Path):
    shutil.copy2(ROOT / 'settings.ini', dst / 'settings.ini')
    shutil.copytree(ROOT / 'nbs', dst / 'nbs', ignore=shutil.ignore_patterns('.ipynb_checkpoints', '_proc'))
    shutil.copytree(ROOT / 'kd_notes', dst / 'kd_notes', ignore=shutil.ignore_patterns('__pycache__'))
    shutil.copytree(ROOT / 'results', dst / 'results', ignore=shutil.ignore_patterns('*.lock'))
    # as if `make book` had just run every notebook of the copy: the check starts from a clean slate
    fast = load_settings('fast', path=dst / 'settings.ini')
    for nb in sorted((dst / 'nbs').glob('*.ipynb')):
        if not nb.name.startswith('_'): stamp_notebook(nb, 1.0, fast, folder=dst / 'results', lib=dst / 'kd_notes')
    for f in (dst / 'results').glob('*.json'):   # results written by an earlier run of other code: not what these tests are about
        data = json.loads(f.read_text())
        for v in data.values():
            if isinstance(v, dict): v.pop('provenance', None)
        f.write_text(json.dumps(data))


def test_one_changed_line_of_a_notebook_makes_it_stale(tmp_path):
    _copy(tmp_path)
    assert stale_notebooks(tmp_path) == {}
    nb_path = tmp_path / 'nbs' / '10_kd_basics.ipynb'
    nb = json.loads(nb_path.read_text())
    cell = next(c for c in nb['cells'] if c['cell_type'] == 'code' and 'load_settings()' in ''.join(c['source']))
    cell['source'] = [line.replace('set_seed(s.seed)', 'set_seed(s.seed + 1)') for line in cell['source']]
    assert ''.join(cell['source']).count('s.seed + 1') == 1
    nb_path.write_text(json.dumps(nb, indent=1))
    after = stale_notebooks(tmp_path)
    assert after == {'10_kd_basics': 'its code cells changed since its outputs were made'}


def test_an_edited_module_makes_its_notebooks_stale(tmp_path):
    _copy(tmp_path)
    (tmp_path / 'kd_notes' / 'distill.py').write_text((tmp_path / 'kd_notes' / 'distill.py').read_text() + '\n# an edit\n')
    after = stale_notebooks(tmp_path)
    assert 'kd_notes.distill changed' in after['10_kd_basics']
    assert '00_core' not in after and '01_data' not in after   # they do not involve kd_notes.distill
