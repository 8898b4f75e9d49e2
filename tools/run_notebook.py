"""Run a notebook's code cells top to bottom as plain Python, without Jupyter (a GPU node, a batch job).

    python tools/run_notebook.py nbs/21_rekd.ipynb --figures out/ [--skip '## MNIST'] [--until '## Fashion-MNIST']

The notebook runs in its own folder, so it finds settings.ini as under Jupyter; pick the profile with
KD_NOTES_PROFILE and the results folder with KD_NOTES_RESULTS. The value of a cell's last expression is printed
(unless the cell ends with `;`), `plt.show()` saves each figure as a PNG into `--figures`, and cells marked
`#| eval: false` are skipped. Where IPython or nbdev are not installed, `IPython.display` and `nbdev.showdoc`
are replaced by stand-ins that print text, so a machine with torch and the project's own requirements is enough.

It refuses to run under other versions of the pinned stack than requirements.txt names (torch, transformers,
transformer-lens, sae-lens, scikit-learn), because results from another stack are not this book's: run `make install`
and use `.venv/bin/python tools/run_notebook.py ...` (on a GPU machine, PyPI's torch==2.13.0 is the CUDA build), or
pass --any-versions to run anyway.
"""
import argparse
import ast
import json
import os
import sys
import time
import types
from pathlib import Path


def sections(nb: dict, skip=(), until=None):
    "The code cells' sources in order, leaving out the sections that start with a heading in `skip` and all from `until` on."
    skipping = None
    for c in nb['cells']:
        src = ''.join(c['source'])
        if c['cell_type'] == 'markdown':
            head = src.lstrip().splitlines()[0] if src.strip() else ''
            if until and head.startswith(until): return
            level = len(head) - len(head.lstrip('#')) if head.startswith('#') else 0
            if skipping and level and level <= skipping: skipping = None
            if level and any(head.startswith(s) for s in skip): skipping = level
        elif c['cell_type'] == 'code' and not skipping and '#| eval: false' not in src:
            yield src


def _stand_ins():
    "Text stand-ins for IPython.display and nbdev.showdoc where those packages are missing."
    try: import IPython.display  # noqa: F401
    except ImportError:
        disp = types.ModuleType('IPython.display')  # registered alone: matplotlib takes a module named IPython for a running one
        class _Rich(str):
            def __repr__(self): return f'<{type(self).__name__}: {len(self)} characters>'
        disp.HTML = type('HTML', (_Rich,), {})
        disp.Markdown = type('Markdown', (_Rich,), {})
        disp.display = lambda *objs, **kw: [print(repr(o)) for o in objs]
        sys.modules['IPython.display'] = disp
    try: import nbdev.showdoc  # noqa: F401
    except ImportError:
        show = types.ModuleType('nbdev.showdoc')
        show.show_doc = lambda *a, **kw: None
        show.__all__ = ['show_doc']
        sys.modules['nbdev.showdoc'] = show

def _save_figures(folder: Path):
    "Make `plt.show()` write each open figure to `folder` as fig-NN.png."
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    folder.mkdir(parents=True, exist_ok=True)
    count = [0]
    def show(*args, **kwargs):
        for n in plt.get_fignums():
            count[0] += 1
            plt.figure(n).savefig(folder/f'fig-{count[0]:02d}.png', dpi=90, bbox_inches='tight')
        plt.close('all')
    plt.show = show


def run_cell(src: str, env: dict, name: str):
    "Run one cell's source in `env`; print its last expression's value as Jupyter would show it."
    lines = [line for line in src.splitlines() if not line.lstrip().startswith(('%', '!'))]
    tree = ast.parse('\n'.join(lines), name)
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    exec(compile(tree, name, 'exec'), env)
    if last is not None:
        value = eval(compile(ast.Expression(last.value), name, 'eval'), env)
        if value is not None and not '\n'.join(lines).rstrip().endswith(';'): print(value if isinstance(value, str) else repr(value))


def run_notebook(path, figures=None, skip=(), until=None) -> int:
    "Run the notebook at `path` in its own folder; returns the number of code cells run."
    path = Path(path).resolve()
    nb = json.loads(path.read_text())
    _stand_ins()
    if figures is not None: _save_figures(Path(figures).resolve())
    from IPython.display import display
    env = {'__name__': '__main__', 'display': display}  # a builtin under Jupyter
    old, old_nb = Path.cwd(), os.environ.get('KD_NOTES_NOTEBOOK')
    os.environ['KD_NOTES_NOTEBOOK'] = str(path)  # the provenance that run_info records names this notebook
    os.chdir(path.parent); sys.path.insert(0, str(path.parent))
    n = 0
    try:
        for n, src in enumerate(sections(nb, skip, until), 1):
            t0 = time.perf_counter()
            run_cell(src, env, f'{path.name}[{n}]')
            took = time.perf_counter() - t0
            if took > 5: print(f'[cell {n}: {took:.0f} s]', flush=True)
    finally:
        os.chdir(old); sys.path.remove(str(path.parent))
        if old_nb is None: os.environ.pop('KD_NOTES_NOTEBOOK', None)
        else: os.environ['KD_NOTES_NOTEBOOK'] = old_nb
    return n


PINNED = ('torch', 'transformers', 'transformer-lens', 'sae-lens', 'scikit-learn')


def version_mismatches(requirements=None) -> list[str]:
    "The packages of the pinned stack whose installed version differs from requirements.txt, as 'name: installed x, pinned y'."
    import importlib.metadata as md
    req = Path(requirements) if requirements else Path(__file__).resolve().parent.parent / 'requirements.txt'
    pins = dict(line.split('#')[0].strip().split('==', 1) for line in req.read_text().splitlines() if '==' in line.split('#')[0])
    out = []
    for name in PINNED:
        if name not in pins: continue
        try: have = md.version(name).split('+')[0]
        except md.PackageNotFoundError: have = 'none'
        if have != pins[name]: out.append(f'{name}: installed {have}, pinned {pins[name]}')
    return out


if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('notebook')
    ap.add_argument('--figures', default=None, help='folder for the figures (default: not saved)')
    ap.add_argument('--skip', action='append', default=[], help='leave out the section under a heading starting with this; repeatable')
    ap.add_argument('--until', default=None, help='stop at the first heading starting with this')
    ap.add_argument('--any-versions', action='store_true', help='run even where the pinned stack is not what is installed')
    a = ap.parse_args()
    wrong = version_mismatches()
    if wrong and not a.any_versions:
        sys.exit('This Python does not have the stack kd_notes pins (' + '; '.join(wrong) + '). Run `make install` and use '
                 '.venv/bin/python tools/run_notebook.py, or pass --any-versions to run anyway.')
    t0 = time.perf_counter()
    n = run_notebook(a.notebook, a.figures, a.skip, a.until)
    print(f'{a.notebook}: {n} code cells in {time.perf_counter() - t0:.0f} s')
