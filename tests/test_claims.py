"""The committed claim records: every one complete (check_claim), ids unique across the book, each in the folder of
its profile, and the chapters that test claims with a record carry them."""
import json
from pathlib import Path

import pytest

from kd_notes.claims import FIELDS, VERDICTS, check_claim, ledger

ROOT = Path(__file__).resolve().parent.parent
# chapters whose claims are all records; the front page renders them and nothing else
WITH_RECORDS = ['kd_basics', 'rekd', 'stereotype', 'bias']


def test_every_committed_record_is_complete_and_unique():
    L = ledger(ROOT / 'results')
    assert len(L), 'no claim records in results/'
    assert not L.duplicated(['id', 'profile']).any(), L[L.duplicated(['id', 'profile'], keep=False)].id.tolist()
    assert set(L.verdict) <= set(VERDICTS)
    files = [(p, 'fast') for p in (ROOT / 'results').glob('*.json')] + [(p, 'full') for p in (ROOT / 'results' / 'full').glob('*.json')]
    for f, prof in files:
        for r in json.loads(f.read_text()).get('claims', []) if f.stem != 'timings' else []:
            assert check_claim(r)['profile'] == prof, (f.name, r['id'], r['profile'])
            assert r['fingerprint'], (f.name, r['id'])


@pytest.mark.parametrize('chapter', WITH_RECORDS)
def test_chapters_with_records_carry_them(chapter):
    res = json.loads((ROOT / 'results' / f'{chapter}.json').read_text())
    assert res.get('claims'), f'results/{chapter}.json has no claims: rerun its notebook'
    assert all(set(FIELDS) <= set(r) for r in res['claims'])


def test_the_front_page_formats_no_claim_of_a_chapter_with_records():
    cells = json.loads((ROOT / 'nbs' / 'index.ipynb').read_text())['cells']
    ledger_cell = next((''.join(c['source']) for c in cells if c['cell_type'] == 'code' and 'claims = [' in ''.join(c['source'])), '')
    for ch in WITH_RECORDS: assert f"'{ch}'," not in ledger_cell, f'index.ipynb still formats a {ch} claim by hand'


def test_the_rekd_contract_is_filled():
    "results/rekd.json carries the keys the REKD verdicts rest on, from a run with enough seeds."
    res = json.loads((ROOT / 'results' / 'rekd.json').read_text())
    for k in ('rekd_minus_re', 'rekd_minus_re_lo', 'rekd_minus_re_p', 'gap_closed', 'layout_only_acc'): assert k in res['vision'], k
    assert 'rekd_minus_re_p' in res['text'] and res['text']['seeds'] >= 5, res['text'].get('seeds')
    ids = {r['id'] for r in res['claims']}
    assert {'rekd.vision.beats_re', 'rekd.vision.content_not_layout', 'rekd.text.beats_re'} <= ids, sorted(ids)


def test_the_bias_contract_is_filled():
    "results/bias.json carries the stereotype probe of the LM pair and the benchmark chapter's headline numbers, from enough seeds."
    res = json.loads((ROOT / 'results' / 'bias.json').read_text())
    for k in ('stereotype_teacher_acc', 'stereotype_student_acc', 'stereotype_p'): assert k in res['probe'], k
    for k in ('icat_teacher', 'icat_student', 'equivalence_p'): assert k in res['lm'], k
    assert res['lm']['student_seeds'] >= 3, res['lm']['student_seeds']
    ids = {r['id'] for r in res['claims']}
    assert {'bias.kd.not_amplified', 'bias.kd.bias_aware.names', 'bias.kd.fairkd.names'} <= ids, sorted(ids)
