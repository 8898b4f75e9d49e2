"""Benchmarks of the distillation chapter; writes `bench` in results/kd_basics.json, which nbs/10_kd_basics.ipynb shows.

    python bench/kd_basics.py          # about a minute on 2 cores (make bench)

1. Trainer overhead: `distill` against a plain PyTorch loop (same model, batches, optimiser and loss), per epoch.
2. Cached teacher: an epoch of text distillation with MiniLM run online against one with its cached logits.
3. Student against teacher on CPU: parameters, latency at batch 1 and 64, peak memory (each model in a fresh process).
The notebook checks these and its own measurements against the chapter's targets.
"""
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import torch  # noqa: E402

from _common import run_parts, settings_from_args, stamp  # noqa: E402
from kd_notes.core import load_results, save_result  # noqa: E402
from kd_notes.data import mnist5k, rotten_tomatoes  # noqa: E402
from kd_notes.distill import DistillConfig, DistillSet, EpochBatches, distill, distill_loss, encode_texts, predict  # noqa: E402
from kd_notes.models import MLP, count_params, tiny_transformer_for  # noqa: E402
from kd_notes.store import teacher_outputs  # noqa: E402
from kd_notes.teachers import cpu_latency_ms, load_teacher  # noqa: E402

def plain_epoch(model, opt, ds, cfg, epoch):
    "One epoch of the same work as `distill`, written as a plain loop."
    model.train()
    sampler = EpochBatches(len(ds), cfg.batch_size, True, cfg.seed); sampler.set_epoch(epoch)
    t0 = time.perf_counter()
    for idx in sampler:
        b = ds.__getitems__(idx)
        loss = distill_loss(model(b['inputs']), b['teacher_logits'], b['labels'], cfg.T, cfg.alpha)
        opt.zero_grad(set_to_none=True); loss.backward(); opt.step()
    return time.perf_counter() - t0


def trainer_overhead(s, epochs=4, rounds=5):
    data = mnist5k(n=s.image_samples or None, seed=s.seed)
    teacher = load_teacher('image', settings=s).model
    ds = DistillSet(data.train.x, data.train.y, predict(teacher, data.train.x))
    cfg = DistillConfig(epochs=epochs, lr=s.lr, T=20, alpha=0.9, batch_size=s.batch_size, device='cpu')
    plain, ours = [], []
    for r in range(rounds):  # alternate, so that drift of the machine hits both alike
        torch.manual_seed(r); m = MLP(784, [800, 800], 10)
        opt = torch.optim.AdamW(m.parameters(), lr=cfg.lr, fused=True)
        plain += [plain_epoch(m, opt, ds, cfg, e) for e in range(epochs)][1:]  # the first epoch warms up
        torch.manual_seed(r); m = MLP(784, [800, 800], 10)
        ours += distill(m, ds, None, None, cfg).seconds.tolist()[1:]
    p, o = statistics.median(plain), statistics.median(ours)
    return dict(plain_epoch_s=p, trainer_epoch_s=o, trainer_overhead=o / p)


def cache_speedup(s, n=800):
    mini = load_teacher('minilm', settings=s)
    rt = rotten_tomatoes(n=s.text_samples or None, seed=s.seed)
    texts, labels = list(rt.train.x[:n]), rt.train.y[:n]
    x = encode_texts(mini.tokenizer, texts, s.max_len)
    logits = teacher_outputs(mini.model, texts, mini.tokenizer, s.max_len, name='minilm-rt')
    cfg = DistillConfig(epochs=1, lr=2e-3, T=2, alpha=0.9, batch_size=s.batch_size, device='cpu')
    def student():
        torch.manual_seed(0)
        return tiny_transformer_for(mini.tokenizer, d_model=s.d_model, n_layers=s.n_layers, n_heads=s.n_heads, max_len=s.max_len)
    online = distill(student(), DistillSet(x, labels), None, mini.model, cfg).seconds.iloc[0]
    cached = distill(student(), DistillSet(x, labels, logits), None, None, cfg).seconds.iloc[0]
    return dict(online_epoch_s=online, cached_epoch_s=cached, cache_speedup=online / cached, cache_n=n)


PEAK = r'''
import json, sys, torch
sys.path.insert(0, {root!r})
from transformers import AutoTokenizer
from kd_notes.core import load_settings
from kd_notes.models import tiny_transformer_for
from kd_notes.teachers import load_teacher, minilm_path
from kd_notes.distill import encode_texts
s = load_settings()
tok = AutoTokenizer.from_pretrained(str(minilm_path()))
x = encode_texts(tok, ['a gorgeous, witty, seductive movie that lingers long after it ends'] * 64, s.max_len)
def status_mb(key): return next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith(key)) / 1024
open('/proc/self/clear_refs', 'w').write('5')  # reset the high-water mark: what follows is measured alone
base = status_mb('VmRSS:')
def peak_mb(): return status_mb('VmHWM:')
if {which!r} == 'teacher': model = load_teacher('minilm', settings=s).model
else: model = tiny_transformer_for(tok, d_model=s.d_model, n_layers=s.n_layers, n_heads=s.n_heads, max_len=s.max_len).eval()
with torch.no_grad():
    for _ in range(3): model(**x)
print(json.dumps(dict(base_mb=base, peak_mb=peak_mb(), model_mb=peak_mb() - base)))
'''


def peak_memory(which):
    "Peak resident memory (MiB) that loading the model and three forward passes at batch 64 add to a fresh process."
    r = subprocess.run([sys.executable, '-c', PEAK.format(root=str(ROOT), which=which)], capture_output=True, text=True, check=True)
    return json.loads(r.stdout.strip().splitlines()[-1])


def size_and_speed(s):
    mini = load_teacher('minilm', settings=s)
    student = tiny_transformer_for(mini.tokenizer, d_model=s.d_model, n_layers=s.n_layers, n_heads=s.n_heads, max_len=s.max_len).eval()
    rt = rotten_tomatoes(n=s.text_samples or None, seed=s.seed)
    x = encode_texts(mini.tokenizer, rt.test.x[:64], s.max_len)
    b1 = {k: v[:1] for k, v in x.items()}
    out = dict(teacher_params=count_params(mini.model), student_params=count_params(student))
    for name, m in [('teacher', mini.model), ('student', student)]:
        out[f'{name}_ms_batch1'] = cpu_latency_ms(m, b1, n=30)
        out[f'{name}_ms_batch64'] = cpu_latency_ms(m, x, n=10)
        out[f'{name}_peak_mb'] = peak_memory(name)['model_mb']
    out['param_ratio'] = out['teacher_params'] / out['student_params']
    out['latency_ratio_batch1'] = out['teacher_ms_batch1'] / out['student_ms_batch1']
    out['latency_ratio_batch64'] = out['teacher_ms_batch64'] / out['student_ms_batch64']
    out['peak_memory_ratio'] = out['teacher_peak_mb'] / out['student_peak_mb']
    return out


def main():
    s = settings_from_args(__doc__)
    bench = {}
    for part in run_parts((trainer_overhead, cache_speedup, size_and_speed), lambda part: part(s)).values(): bench.update(part)
    bench.update(stamp(s))
    save_result('kd_basics', 'bench', bench)
    print(json.dumps({k: v for k, v in load_results('kd_basics', 'bench').items() if k != 'run'}, indent=1))


if __name__ == '__main__':
    main()
