"The workshop notebooks: generated deterministically from the chapters, committed in sync, with no solution in the exercises."
import inspect
import json
import re
from pathlib import Path

import pytest

from kd_notes.exercises import chapters_with_exercises, exercise_notebook, solution, stub, write_exercises

ROOT = Path(__file__).resolve().parent.parent
BOOK = chapters_with_exercises(ROOT / 'nbs')


def _cells(path: Path) -> list:
    return json.loads(path.read_text())['cells']


def test_generation_is_deterministic_and_the_committed_notebooks_are_in_sync(tmp_path):
    a, b = tmp_path / 'a', tmp_path / 'b'
    write_exercises(a, ROOT / 'nbs'); write_exercises(b, ROOT / 'nbs')
    for folder in ('exercises', 'solutions'):
        made = sorted(p.name for p in (a / folder).glob('*.ipynb'))
        assert made == sorted(f'{ch}.ipynb' for ch in BOOK)
        assert made == sorted(p.name for p in (ROOT / folder).glob('*.ipynb')), f'run `make exercises` and commit {folder}/'
        for name in made:
            assert (a / folder / name).read_bytes() == (b / folder / name).read_bytes(), name
            stale = f'{folder}/{name} is stale: run `make exercises`'
            assert (a / folder / name).read_bytes() == (ROOT / folder / name).read_bytes(), stale


def _solution_lines(e) -> list:
    "The lines inside the solution regions that would give the answer away."
    body = re.findall(r'### BEGIN SOLUTION\n(.*?)\n[ \t]*### END SOLUTION', e.solution, re.S)
    return [l.strip() for b in body for l in b.splitlines() if len(l.strip()) > 12 and not l.strip().startswith('#')]


@pytest.mark.parametrize('chapter', sorted(BOOK))
def test_no_solution_text_leaks_into_an_exercise_notebook(chapter):
    text = json.dumps(exercise_notebook(chapter, nbs=ROOT / 'nbs'))
    assert 'BEGIN SOLUTION' not in text and 'END SOLUTION' not in text
    for e in BOOK[chapter][0]:
        lines = _solution_lines(e)
        assert lines, e.id
        for line in lines: assert json.dumps(line)[1:-1] not in text, (e.id, line)
    sol = json.dumps(exercise_notebook(chapter, solutions=True, nbs=ROOT / 'nbs'))
    for e in BOOK[chapter][0]:
        for line in _solution_lines(e): assert json.dumps(line)[1:-1] in sol, (e.id, line)  # the twin keeps them


@pytest.mark.parametrize('chapter', sorted(BOOK))
def test_every_stub_raises_not_implemented(chapter):
    exs, setup = BOOK[chapter]
    for e in exs:
        ns = {}
        exec(setup, ns)
        before = set(ns)
        exec(stub(e.solution, e.id), ns)
        fns = [v for k, v in ns.items() if k not in before and inspect.isfunction(v)]
        assert len(fns) == 1, (e.id, fns)
        with pytest.raises(NotImplementedError, match=f'Exercise {e.id}'):
            fns[0](*[None] * len(inspect.signature(fns[0]).parameters))
        assert solution(e.solution) != stub(e.solution, e.id)


def test_the_results_count_what_the_chapters_hold():
    res = json.loads((ROOT / 'results' / 'exercises.json').read_text())
    assert res['per_chapter'] == {ch: len(v[0]) for ch, v in BOOK.items()}, 'rerun nbs/08_exercises.ipynb (make book)'
    assert res['count'] == sum(res['per_chapter'].values()) >= 15
    assert res['mutations_caught'] == res['mutations_total'] == sum(len(e.mutations) for v in BOOK.values() for e in v[0])


def test_every_numbered_chapter_closes_with_a_summary_and_exercises():
    for p in sorted((ROOT / 'nbs').glob('[0-9]*.ipynb')):
        md = '\n'.join(''.join(c['source']) for c in _cells(p) if c['cell_type'] == 'markdown')
        assert re.search(r'^## Summary', md, re.M), f'{p.name} has no Summary section'
        assert re.search(r'^## Exercises', md, re.M), f'{p.name} has no Exercises section'
        if p.stem in BOOK:
            for folder in ('exercises', 'solutions'): assert f'](../{folder}/{p.name})' in md, f'{p.name} does not link {folder}/{p.name}'
