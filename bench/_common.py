"""The command line and the timing shared by the benchmark scripts in bench/."""
import argparse
import datetime as dt
import time

from kd_notes.core import load_settings, run_info


def settings_from_args(doc: str):
    "The settings profile named by `--profile` (default: $KD_NOTES_PROFILE, else fast); `doc`'s first line is the help text."
    ap = argparse.ArgumentParser(description=doc.splitlines()[0])
    ap.add_argument('--profile', default=None, help='settings profile (default: $KD_NOTES_PROFILE, else fast)')
    return load_settings(ap.parse_args().profile)


def run_parts(parts, call) -> dict:
    "`call(part)` for each benchmark function in `parts`, printing its wall time: {part name: result}."
    out = {}
    for part in parts:
        t0 = time.perf_counter()
        out[part.__name__] = call(part)
        print(f'{part.__name__}: {time.perf_counter() - t0:.0f} s', flush=True)
    return out


def stamp(s) -> dict:
    "When, in which profile and on what machine a benchmark ran."
    return dict(date=dt.datetime.now().isoformat(timespec='seconds'), profile=s.profile, run=run_info(s))
