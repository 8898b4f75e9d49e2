"The distillation trainer in two CPU processes (torchrun, Accelerate MULTI_CPU over gloo) reaches the accuracy of one process."
import json
import os
import subprocess

import pytest

JOB = 'tests/distill_job.py'


def run_job(venv_bin, root, tmp_path, n_proc):
    out = tmp_path / f'{n_proc}.json'
    env = {**os.environ, 'OMP_NUM_THREADS': '1', 'KD_NOTES_QUIET': '1'}
    cmd = [str(venv_bin / 'torchrun'), '--standalone', f'--nproc_per_node={n_proc}', JOB, str(out)]
    r = subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, f'{" ".join(cmd)} failed:\n{r.stdout[-3000:]}\n{r.stderr[-6000:]}'
    return json.loads(out.read_text())


@pytest.fixture(scope='module')
def runs(venv_bin, root, tmp_path_factory):
    tmp = tmp_path_factory.mktemp('distill_mp')
    return {n: run_job(venv_bin, root, tmp, n) for n in (1, 2)}


def test_two_processes_really_ran(runs):
    assert runs[1]['num_processes'] == 1
    assert runs[2]['num_processes'] == 2
    assert runs[2]['distributed_type'].endswith('MULTI_CPU') and runs[2]['backend'] == 'gloo', runs[2]


def test_same_accuracy_within_noise(runs):
    # 360 test digits: one digit is 0.28%; the two runs see the same batches, split in halves, so they differ
    # only by floating-point summation order. Three digits of slack.
    a1, a2 = runs[1]['test_acc'], runs[2]['test_acc']
    assert abs(a1 - a2) <= 3 / 360, (a1, a2)
    assert a1 > 0.85 and a2 > 0.85, (a1, a2)  # and both actually learned
    assert runs[1]['epochs'] == runs[2]['epochs']
