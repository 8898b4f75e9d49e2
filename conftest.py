"pytest set-up for the whole repository (tests/ and the notebooks nbval replays)."
import os
import shutil
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent


def pytest_configure(config):
    # A private copy of results/, so that notebooks run by the tests (nbdev-test, nbval) read what the
    # chapters measured but never overwrite the committed files. Each xdist worker makes its own.
    tmp = Path(tempfile.mkdtemp(prefix='kd_notes-results-'))
    if (ROOT / 'results').is_dir(): shutil.copytree(ROOT / 'results', tmp, dirs_exist_ok=True)
    os.environ['KD_NOTES_RESULTS'] = str(tmp)
    os.environ['KD_NOTES_QUIET'] = '1'
    os.environ.setdefault('WANDB_MODE', 'disabled')
    config._kd_results_tmp = tmp


def pytest_unconfigure(config):
    tmp = getattr(config, '_kd_results_tmp', None)
    if tmp: shutil.rmtree(tmp, ignore_errors=True)


def pytest_collection_modifyitems(session, config, items):
    # nbdev-clean strips execution counts from committed notebooks, and nbval takes a cell without one
    # for a cell that was never run ("Unrun reference cell has outputs"). The committed outputs come from
    # a full top-to-bottom run (`make book`), so number the cells that have outputs before nbval reads them.
    for item in items:
        cell = getattr(item, 'cell', None)
        if cell is not None and cell.get('cell_type') == 'code' and cell.get('outputs') and cell.get('execution_count') is None:
            cell['execution_count'] = 1


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    # A skipped browser check is said out loud, with the install command, not left as a bare "1 skipped".
    skipped = [r for r in terminalreporter.stats.get('skipped', []) if 'test_site' in getattr(r, 'nodeid', '')]
    if skipped:
        terminalreporter.write_sep('=', 'browser check NOT run', yellow=True, bold=True)
        terminalreporter.write_line(f'{len(skipped)} test(s) of the rendered site in headless Chromium were skipped: Chromium or '
                                    'chromedriver is missing. Install them with `sudo apt-get install chromium chromium-driver` '
                                    '(as .ci/run does) and run `make test` again.')
