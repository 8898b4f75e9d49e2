"What the core notebook cannot show well: properties over many inputs, several processes, use from elsewhere."
import json
import math
import multiprocessing as mp
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from kd_notes.core import (load_results, load_settings, results_path, save_result, set_nested, get_nested,
                           to_jsonable, SettingsKeyError)

ROOT = Path(__file__).resolve().parent.parent

names = st.from_regex(r'[a-z][a-z0-9_]{0,8}', fullmatch=True)
leaves = st.one_of(st.integers(-10**12, 10**12), st.floats(allow_nan=False, allow_infinity=False),
                   st.booleans(), st.text(max_size=20), st.none())
values = st.recursive(leaves, lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(names, inner, max_size=4)),
                      max_leaves=12)


@settings(max_examples=60, deadline=None)
@given(key=st.lists(names, min_size=1, max_size=4).map('.'.join), value=values)
def test_save_then_load_round_trips(tmp_path_factory, key, value):
    folder = tmp_path_factory.mktemp('res')
    save_result('prop', key, value, folder=folder)
    got = load_results('prop', key, folder=folder)
    assert got == value and type(got) is type(value)
    json.loads((folder / 'prop.json').read_text())  # always valid JSON


@settings(max_examples=60, deadline=None)
@given(keys=st.lists(st.lists(names, min_size=1, max_size=3).map('.'.join), min_size=1, max_size=6, unique=True))
def test_set_nested_keeps_every_key_that_is_not_a_prefix(keys):
    d = {}
    kept = []
    for i, k in enumerate(keys):
        try: set_nested(d, k, i)
        except ValueError: continue  # a prefix of k already holds a number
        kept = [(kk, v) for kk, v in kept if not kk.startswith(k + '.') and kk != k] + [(k, i)]
    for k, v in kept: assert get_nested(d, k) == v


@pytest.mark.parametrize('bad', [float('nan'), float('inf'), [1.0, float('-inf')], {'a': {'b': float('nan')}}])
def test_non_finite_results_are_refused(bad, tmp_path):
    with pytest.raises(ValueError, match='finite'):
        save_result('x', 'k', bad, folder=tmp_path)
    assert not (tmp_path / 'x.json').exists()


@pytest.mark.parametrize('chapter', ['', '../up', 'a/b', '.hidden', 'sp ace', None])
def test_bad_chapter_names(chapter):
    with pytest.raises(ValueError, match='Chapter name'):
        results_path(chapter)


def test_numpy_and_torch_values_are_stored_as_numbers(tmp_path):
    import numpy as np
    import torch
    save_result('t', 'a', {'np': np.float32(0.25), 'i': np.int16(3), 't': torch.tensor(1.5), 'arr': np.arange(3)}, folder=tmp_path)
    raw = json.loads((tmp_path / 't.json').read_text())
    assert raw == {'a': {'np': 0.25, 'i': 3, 't': 1.5, 'arr': [0, 1, 2]}}


def _writer(args):
    folder, worker, n = args
    for i in range(n):
        save_result('shared', f'w{worker}.k{i}', i, folder=folder)


def test_concurrent_writers_lose_nothing(tmp_path):
    "Several processes writing keys of one chapter at once: every key survives (lock + atomic rename)."
    n_workers, n_keys = 4, 15
    with mp.get_context('spawn').Pool(n_workers) as pool:
        pool.map(_writer, [(str(tmp_path), w, n_keys) for w in range(n_workers)])
    res = load_results('shared', folder=tmp_path)
    assert {w: len(res[f'w{w}']) for w in range(n_workers)} == {w: n_keys for w in range(n_workers)}
    assert not [p for p in tmp_path.iterdir() if p.suffix == '.tmp']


def test_missing_key_names_key_profile_and_file():
    s = load_settings('fast')
    with pytest.raises(SettingsKeyError) as e: _ = s.learning_rate_schedule
    msg = str(e.value)
    assert "'learning_rate_schedule'" in msg and '[fast]' in msg and str(ROOT / 'settings.ini') in msg


def test_unknown_profile_lists_valid_ones(tmp_path):
    (tmp_path / 'settings.ini').write_text('[small]\na = 1\n[big]\na = 2\n')
    with pytest.raises(ValueError, match='Valid profiles: small, big'):
        load_settings('medium', path=tmp_path / 'settings.ini')
    assert load_settings('big', path=tmp_path / 'settings.ini').a == 2


def test_env_settings_path_must_exist(monkeypatch, tmp_path):
    monkeypatch.setenv('KD_NOTES_SETTINGS', str(tmp_path / 'nope.ini'))
    with pytest.raises(FileNotFoundError, match='KD_NOTES_SETTINGS'):
        load_settings()


def test_package_imports_and_finds_its_settings_from_anywhere(tmp_path):
    "Imported from a folder outside the checkout, kd_notes still finds the checkout's settings.ini."
    code = 'from kd_notes.core import load_settings; s = load_settings(); print(s.profile, s.path)'
    env = {k: v for k, v in os.environ.items() if k not in ('KD_NOTES_SETTINGS', 'KD_NOTES_PROFILE')}
    r = subprocess.run([sys.executable, '-c', code], cwd=tmp_path, capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ['fast', str(ROOT / 'settings.ini')]


def test_to_jsonable_refuses_unknown_types():
    with pytest.raises(TypeError, match='has type set'):
        to_jsonable({'a': {1, 2}})
    assert to_jsonable(math.pi) == math.pi
