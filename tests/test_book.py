"""tools/book.sh, run with stand-ins for jupyter and the nbdev commands: the order it runs the notebooks in, the two
lanes of one-thread chapters side by side, and a failure in either lane failing the book."""
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
STUB = """#!/usr/bin/env bash
nb="${@: -1}"
echo "start $nb $(date +%s.%N)" >> "$BOOK_LOG"
sleep "${BOOK_SLEEP:-0.5}"
echo "end $nb $(date +%s.%N)" >> "$BOOK_LOG"
[[ " ${BOOK_FAIL:-} " == *" $nb "* ]] && { echo "boom in $nb" >&2; exit 1; }
exit 0
"""
ONE = 'torch.set_num_threads(1)'
NOTEBOOKS = {'00_core': '', '10_kd_basics': '', '30_sae_toy': ONE, '31_sae_teacher_student': ONE, '40_bias_probes': '',
             '41_bias_distillation': ONE, '50_interp_tools': ONE, '60_case_studies': ONE, '62_human_error': ONE, 'index': ''}


@pytest.fixture
def book(tmp_path):
    (tmp_path/'tools').mkdir(); shutil.copy(ROOT/'tools'/'book.sh', tmp_path/'tools'/'book.sh')
    (tmp_path/'nbs').mkdir()
    for nb, text in NOTEBOOKS.items(): (tmp_path/'nbs'/f'{nb}.ipynb').write_text(text)
    bin_ = tmp_path/'venv'/'bin'; bin_.mkdir(parents=True)
    for name in ('jupyter', 'nbdev-export', 'nbdev-sidebar', 'nbdev-clean', 'python'):
        (bin_/name).write_text(STUB if name == 'jupyter' else '#!/usr/bin/env bash\nexit 0\n'); (bin_/name).chmod(0o755)
    (tmp_path/'venv'/'share'/'jupyter').mkdir(parents=True)
    log = tmp_path/'log.txt'

    def run(**env):
        e = {k: v for k, v in os.environ.items() if not k.startswith(('KD_NOTES_', 'LANE', 'NOTEBOOKS'))}
        e.update(VENV=str(tmp_path/'venv'), BOOK_LOG=str(log), PATH=os.environ['PATH'], **env)
        log.unlink(missing_ok=True)
        r = subprocess.run(['bash', str(tmp_path/'tools'/'book.sh')], env=e, capture_output=True, text=True, timeout=120)
        events = [ln.split() for ln in log.read_text().splitlines()] if log.exists() else []
        return r, [(kind, nb.removesuffix('.ipynb'), float(t)) for kind, nb, t in events]
    return run


def spans(events):
    return {nb: (t0, next(t for k, n, t in events if k == 'end' and n == nb)) for k, nb, t0 in events if k == 'start'}


def test_lanes_run_side_by_side_after_the_other_chapters(book):
    r, ev = book()
    assert r.returncode == 0, r.stderr
    s = spans(ev)
    assert set(s) == set(NOTEBOOKS)
    # the two-thread chapters first, in order
    assert [nb for k, nb, _ in ev if k == 'start'][:3] == ['00_core', '10_kd_basics', '40_bias_probes']
    lane_a = ['41_bias_distillation', '62_human_error', '30_sae_toy']
    lane_b = ['31_sae_teacher_student', '50_interp_tools', '60_case_studies']
    for lane in (lane_a, lane_b): assert all(s[a][1] <= s[b][0] for a, b in zip(lane, lane[1:], strict=False))  # each lane in its order
    assert s['41_bias_distillation'][0] < s['31_sae_teacher_student'][1] and s['31_sae_teacher_student'][0] < s['41_bias_distillation'][1]
    assert s['40_bias_probes'][1] <= min(s[n][0] for n in lane_a + lane_b)
    assert s['index'][0] >= max(t1 for nb, (_, t1) in s.items() if nb != 'index')  # the front page last
    assert '(lane A)' in r.stdout and '(lane B)' in r.stdout


def test_lanes_off_and_a_chosen_set_run_one_after_another(book):
    for env in (dict(LANES='0'), dict(NOTEBOOKS='60_case_studies 41_bias_distillation')):
        r, ev = book(BOOK_SLEEP='0.05', **env)
        assert r.returncode == 0, r.stderr
        s = sorted(spans(ev).values())
        assert all(a[1] <= b[0] for a, b in zip(s, s[1:], strict=False)), env  # no two notebooks overlap
    assert [nb for k, nb, _ in ev if k == 'start'] == ['60_case_studies', '41_bias_distillation', 'index']


@pytest.mark.parametrize('failing', ['41_bias_distillation.ipynb', '50_interp_tools.ipynb'])
def test_a_failing_lane_fails_the_book(book, failing):
    r, ev = book(BOOK_FAIL=failing)
    assert r.returncode != 0 and f'FAILED: nbs/{failing}' in r.stderr and 'boom' in r.stderr
    assert 'index' not in {nb for _, nb, _ in ev}  # the front page does not run on a failed book


def test_a_lane_chapter_must_run_on_one_thread(book):
    r, _ = book(LANE_A='10_kd_basics')
    assert r.returncode != 0 and 'does not set one torch thread' in r.stderr
