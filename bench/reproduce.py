"""Does a rerun of the book reproduce the committed results? Compares every measured number in a results folder with
the same number in the results of a git commit, and writes results/reproduction.json.

    python bench/reproduce.py --new /tmp/clone/results --against HEAD   # a fresh clone's `make book` vs the committed results

A figure is *identical* when its value is the same to the last digit. A changed figure that has a seed spread (a
sibling `<name>_std`) is *within the seed spread* when it moved by at most the larger of the two runs' seed SDs.
Wall times, latencies and throughputs (names ending in `_s`, `_ms`, `latency`, `speedup`, ...) and each result's
`run` record (versions, thread count, provenance) are left out: they describe the machine, not a finding. So are
figures fitted to wall times (the cost exponents of the distillation chapter, and claim records whose test reads a
CPU, GPU or wall time).
"""
import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MACHINE = re.compile(r'(_s|_ms|seconds|latency.*|speedup|throughput.*|per_s|_per_sec|date|memory.*)$')
# figures fitted to wall times: the cost exponents of the distillation chapter, and claim records whose test reads a time
TIMED = {'kd_basics': re.compile(r'^cost\.exponent(_non_embedding)?$')}
TIMED_TEST = re.compile(r'\b(CPU|wall|GPU) time\b', re.I)
SKIP_FILES = {'timings', 'reproduction'}


def figures(d, prefix: str = '') -> dict:
    "{dotted key: number} for every measured number under `d` (lists index their items), machine facts and `run` left out."
    out = {}
    items = d.items() if isinstance(d, dict) else enumerate(d) if isinstance(d, list) else ()
    for k, v in items:
        key = f'{prefix}.{k}' if prefix else str(k)
        if k in ('run', 'provenance', 'fingerprint', 'versions') or (isinstance(k, str) and MACHINE.search(k)): continue
        if isinstance(v, dict) and TIMED_TEST.search(str(v.get('test', ''))): continue  # a claim record fitted to times
        if isinstance(v, bool) or v is None: continue
        if isinstance(v, (int, float)): out[key] = float(v)
        else: out.update(figures(v, key))
    return out


def spread(figs: dict, key: str) -> float | None:
    "The seed SD reported beside `key` (`<key>_std`), if there is one."
    return figs.get(f'{key}_std')


def compare(old: dict, new: dict) -> dict:
    "Per chapter: the figures in both, how many are identical, how many moved more than 1%, and the changed ones."
    chapters = {}
    for ch in sorted(set(old) & set(new)):
        timed = TIMED.get(ch)
        fo, fn = ({k: v for k, v in figures(r[ch]).items() if not (timed and timed.match(k))} for r in (old, new))
        both = sorted(set(fo) & set(fn))
        changed = []
        for k in both:
            a, b = fo[k], fn[k]
            if a == b: continue
            rel = abs(b - a) / max(abs(a), 1e-12)
            sds = [s for s in (spread(fo, k), spread(fn, k)) if s is not None]
            within = None if not sds else abs(b - a) <= max(sds)
            changed.append(dict(key=k, old=a, new=b, rel=rel, within_seed_spread=within))
        chapters[ch] = dict(figures=len(both), identical=len(both) - len(changed), over_1pct=sum(c['rel'] > 0.01 for c in changed),
                            with_spread=sum(c['within_seed_spread'] is not None for c in changed),
                            within_spread=sum(bool(c['within_seed_spread']) for c in changed),
                            only_old=sorted(set(fo) - set(fn)), only_new=sorted(set(fn) - set(fo)),
                            changed=sorted(changed, key=lambda c: -c['rel']))
    return chapters


def committed(ref: str, folder: str = 'results') -> dict:
    "{chapter: results} of every results file at git `ref`."
    git = lambda *args: subprocess.run(['git', *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    names = git('ls-tree', '--name-only', f'{ref}:{folder}').split()
    keep = [n for n in names if n.endswith('.json') and Path(n).stem not in SKIP_FILES]
    return {Path(n).stem: json.loads(git('show', f'{ref}:{folder}/{n}')) for n in keep}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--new', required=True, help='the results folder of the rerun')
    ap.add_argument('--against', default='HEAD', help='the git commit whose committed results.json files are the reference')
    ap.add_argument('--out', default=str(ROOT / 'results'), help='where reproduction.json goes')
    a = ap.parse_args()
    new = {p.stem: json.loads(p.read_text()) for p in sorted(Path(a.new).glob('*.json')) if p.stem not in SKIP_FILES}
    old = committed(a.against)
    res = compare(old, new)
    ref = subprocess.run(['git', 'rev-parse', '--short', a.against], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
    total = {k: sum(c[k] for c in res.values()) for k in ('figures', 'identical', 'over_1pct', 'with_spread', 'within_spread')}
    from kd_notes.core import save_result
    try: commit = subprocess.run(['git', 'rev-parse', '--short', 'HEAD'], cwd=a.new, capture_output=True, text=True,
                                 check=True).stdout.strip()
    except subprocess.CalledProcessError: commit = None  # a results folder outside a checkout
    save_result('reproduction', 'commit', commit, folder=a.out)
    save_result('reproduction', 'against', ref, folder=a.out)
    save_result('reproduction', 'total', total, folder=a.out)
    save_result('reproduction', 'chapters', res, folder=a.out)
    for ch, c in res.items():
        print(f"{ch:14s} {c['identical']:4d} of {c['figures']:4d} identical; {c['over_1pct']:3d} moved > 1%; "
              f"{c['within_spread']} of {c['with_spread']} with a seed spread moved within it")
    print(f"all: {total['identical']} of {total['figures']} identical, {total['over_1pct']} moved > 1% (against {ref})")


if __name__ == '__main__':
    main()
