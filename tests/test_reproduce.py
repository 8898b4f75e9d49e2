"""bench/reproduce.py: which numbers it compares, and how it tells identical, moved and within the seed spread."""
import importlib.util
from pathlib import Path

spec = importlib.util.spec_from_file_location('reproduce', Path(__file__).resolve().parent.parent / 'bench' / 'reproduce.py')
rep = importlib.util.module_from_spec(spec); spec.loader.exec_module(rep)


def test_figures_leave_out_machine_facts_and_run_records():
    d = {'acc': 0.9, 'acc_std': 0.01, 'epoch_s': 3.2, 'latency_ratio': 8.0, 'ok': True, 'name': 'x', 'run': {'torch_threads': 2},
         'seeds': [0.1, 0.2], 'nested': {'n': 5, 'cpu_latency_ms': 1.0}}
    assert rep.figures(d) == {'acc': 0.9, 'acc_std': 0.01, 'seeds.0': 0.1, 'seeds.1': 0.2, 'nested.n': 5.0}


def test_compare_counts_identical_moved_and_within_spread():
    old = {'ch': {'a': 1.0, 'b': 0.80, 'b_std': 0.05, 'c': 0.50, 'c_std': 0.01, 'gone': 1}}
    new = {'ch': {'a': 1.0, 'b': 0.84, 'b_std': 0.05, 'c': 0.60, 'c_std': 0.01, 'fresh': 2}, 'other': {'x': 1}}
    r = rep.compare(old, new)
    assert set(r) == {'ch'}
    c = r['ch']
    assert (c['figures'], c['identical'], c['over_1pct'], c['with_spread'], c['within_spread']) == (5, 3, 2, 2, 1)
    assert [(x['key'], x['within_seed_spread']) for x in c['changed']] == [('c', False), ('b', True)]  # largest move first
    assert c['only_old'] == ['gone'] and c['only_new'] == ['fresh']


def test_figures_fitted_to_wall_times_are_machine_facts():
    "The cost exponents of the distillation chapter are fitted to CPU times: a rerun elsewhere moves them, by design."
    claim = lambda test, m: {'id': 'x', 'test': test, 'measured': m}
    timed = 'slope of log CPU time on log parameters'
    old = {'kd_basics': {'cost': {'exponent': 1.01, 'flops_exponent': 1.0},
                         'claims': [claim(timed, 1.01), claim('paired t over seeds', 0.5)]}}
    new = {'kd_basics': {'cost': {'exponent': 0.96, 'flops_exponent': 1.0},
                         'claims': [claim(timed, 0.96), claim('paired t over seeds', 0.6)]}}
    c = rep.compare(old, new)['kd_basics']
    assert [x['key'] for x in c['changed']] == ['claims.1.measured']  # the FLOP count and the seed claim are findings
    assert c['figures'] == 2
