"""Wall time of the README's two commands on a fresh clone: first run (creates .venv from an empty pip
cache) and repeat run (install skipped). Writes results/timings.json, which the front page shows.

    python bench/time_commands.py            # both commands; hours on 2 cores (the first make book trains every model)
    python bench/time_commands.py --warm-cache   # reuse the machine's pip cache for the first runs
    python bench/time_commands.py --only test    # one command
    python bench/time_commands.py --only book --no-repeat --keep   # the first run only; the clone's outputs are kept
The clones start with an empty model cache too, so the first run includes training the teachers.
"""
import argparse
import datetime as dt
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def timed(cmd: list[str], cwd: Path, env: dict, log: Path) -> float:
    t0 = time.perf_counter()
    with open(log, 'a') as f:
        f.write(f'\n$ {" ".join(cmd)}\n'); f.flush()
        r = subprocess.run(cmd, cwd=cwd, env=env, stdout=f, stderr=subprocess.STDOUT)
    secs = time.perf_counter() - t0
    if r.returncode != 0: sys.exit(f'{" ".join(cmd)} failed after {secs:.0f} s; see {log}')
    return secs


def memory_gib() -> float | None:
    try: return os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30
    except (ValueError, OSError): return None  # not reported by this OS


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--warm-cache', action='store_true', help="use the machine's pip cache for the first runs")
    ap.add_argument('--keep', action='store_true', help='keep the clones (printed) instead of deleting them')
    ap.add_argument('--only', choices=('book', 'test'), help='time one command only (the other keeps its recorded times)')
    ap.add_argument('--no-repeat', action='store_true', help='time the first run only (repeat_s is recorded as not measured)')
    a = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix='kd_notes-timing-'))
    log = work / 'log.txt'
    print(f'Timing on fresh clones of {ROOT} in {work} (log: {log})')
    env = {k: v for k, v in os.environ.items() if not k.startswith(('KD_NOTES_', 'VIRTUAL_ENV'))}
    res = {}
    commit = subprocess.run(['git', 'rev-parse', '--short', 'HEAD'], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
    for target in ([a.only] if a.only else ['book', 'test']):
        clone = work / target
        subprocess.run(['git', 'clone', '--quiet', '--no-hardlinks', str(ROOT), str(clone)], check=True)
        e = dict(env)
        if not a.warm_cache: e['PIP_CACHE_DIR'] = str(work / f'pip-cache-{target}')
        first = timed(['make', target], clone, e, log)
        print(f'make {target}: first run {first:.0f} s', flush=True)
        repeat = None if a.no_repeat else timed(['make', target], clone, e, log)
        if repeat is not None: print(f'make {target}: repeat run {repeat:.0f} s', flush=True)
        res[f'make_{target}'] = {'first_s': round(first, 1), 'repeat_s': repeat and round(repeat, 1), 'commit': commit,
                                 'date': dt.date.today().isoformat()}
    from kd_notes.core import save_result
    out = ROOT / 'results'
    for k, v in res.items(): save_result('timings', k, v, folder=out)
    import torch
    gpu = torch.cuda.get_device_name() if torch.cuda.is_available() else None
    mem = memory_gib()
    save_result('timings', 'machine', {'cpu_count': os.cpu_count(), 'memory_gib': mem and round(mem, 1), 'gpu': gpu,
                                       'python': platform.python_version(), 'platform': platform.platform(terse=True)}, folder=out)
    save_result('timings', 'pip_cache', 'warm' if a.warm_cache else 'empty', folder=out)
    save_result('timings', 'profile', 'fast', folder=out)  # KD_NOTES_* is left out of env above, so make's default applies
    save_result('timings', 'date', dt.date.today().isoformat(), folder=out)
    save_result('timings', 'commit', commit, folder=out)
    print(f'Written: {out / "timings.json"}')
    if a.keep: print(f'Clones kept in {work}')
    else: shutil.rmtree(work, ignore_errors=True)


if __name__ == '__main__':
    main()
