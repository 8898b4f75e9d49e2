"The package works outside a checkout: a wheel built from it carries the run profiles, and a teacher-free example runs."
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

EXAMPLE = r'''
import json, sys
from pathlib import Path
import torch
import kd_notes
from kd_notes.core import load_settings, cache_dir, save_result, results_path
from kd_notes.distill import DistillConfig, DistillSet, distill, kd_loss
from kd_notes.models import MLP
s = load_settings()
torch.manual_seed(0)
x, y = torch.randn(96, 16), torch.randint(0, 3, (96,))
teacher = torch.randn(96, 3)
student = MLP(16, [8], 3)
hist = distill(student, DistillSet(x, y, teacher), config=DistillConfig(epochs=2, batch_size=32, T=2.0))
save_result('example', 'final_loss', float(hist['loss'].iloc[-1]))
print(json.dumps(dict(module=kd_notes.__file__, settings=str(s.path), profile=s.profile, profiles_seed=s.seed,
                      cache=str(cache_dir()), results=str(results_path('example')), epochs=len(hist),
                      kd=float(kd_loss(teacher, teacher, 2.0)))))
'''


def test_wheel_works_outside_a_checkout(tmp_path, venv_bin):
    src = tmp_path / 'src'
    src.mkdir()
    for name in ('pyproject.toml', 'README.md'): shutil.copy2(ROOT / name, src / name)
    shutil.copytree(ROOT / 'kd_notes', src / 'kd_notes', ignore=shutil.ignore_patterns('__pycache__'))  # follows the settings.ini link
    py = str(venv_bin / 'python')
    r = subprocess.run([py, '-m', 'pip', 'wheel', '--quiet', '--no-deps', '--no-build-isolation', '-w', str(tmp_path / 'dist'), str(src)],
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-3000:]
    wheel = next((tmp_path / 'dist').glob('kd_notes-*.whl'))
    site = tmp_path / 'site'
    zipfile.ZipFile(wheel).extractall(site)
    assert (site / 'kd_notes' / 'settings.ini').read_text() == (ROOT / 'settings.ini').read_text()

    work, home = tmp_path / 'elsewhere', tmp_path / 'home'
    work.mkdir(); home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith('KD_NOTES_')}
    env.update(PYTHONPATH=str(site), HOME=str(home), KD_NOTES_QUIET='1', WANDB_MODE='disabled')
    r = subprocess.run([py, '-c', EXAMPLE], cwd=work, env=env, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-3000:]
    import json
    out = json.loads(r.stdout.strip().splitlines()[-1])
    assert Path(out['module']).is_relative_to(site)            # the wheel's copy, not the checkout's
    assert out['settings'] == str(site / 'kd_notes' / 'settings.ini') and out['profile'] == 'fast'
    assert Path(out['cache']) == home / '.cache' / 'kd_notes'   # a user-level cache, not site-packages
    assert Path(out['results']) == work / 'results' / 'example.json' and Path(out['results']).is_file()
    assert out['epochs'] == 2 and out['kd'] == 0.0
