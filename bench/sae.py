"""Benchmarks of the SAE chapter; writes results/bench_sae.json.

    python bench/sae.py          # under two minutes on 2 cores

1. SAE training throughput: activations per second through sae-lens' `SAETrainer` (`kd_notes.sae.train_sae`) for the
   standard (ReLU + L1) and TopK architectures, at the toy model's size (d_in = sae_d_hidden, 2 x sae_n_features latents)
   and at the small language model's (d_in = d_model, 4 x d_model latents), on one torch thread and on torch's default number.
2. Activation collection: activations per second read from the last residual stream of a small `kd_notes.models.hooked_lm`
   through TransformerLens hooks (`kd_notes.sae.collect_activations`, which stops the forward pass at the hook's block),
   against TransformerLens' full `run_with_cache` and a plain forward pass without any cache.
Tiny matrices on a shared CPU are where thread synchronisation costs most: the one-thread and default-thread numbers
can differ by orders of magnitude, which is why the SAE notebooks run on one thread.
"""
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault('WANDB_MODE', 'disabled')
os.environ.setdefault('KD_NOTES_QUIET', '1')

import torch  # noqa: E402

from _common import run_parts, settings_from_args, stamp  # noqa: E402
from kd_notes.core import load_results, save_result  # noqa: E402
from kd_notes.models import hooked_lm  # noqa: E402
from kd_notes.sae import collect_activations, sparse_features, train_sae  # noqa: E402


def timed(fn, rounds):
    "Median wall time (s) of `fn()` over `rounds` calls, after one call to warm up."
    fn()
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter(); fn(); times.append(time.perf_counter() - t0)
    return statistics.median(times)


def sae_throughput(s, threads_default):
    "Activations per second of SAE training, per size, architecture and thread count."
    g = torch.Generator().manual_seed(s.seed)
    sizes = {'toy': (s.sae_d_hidden, 2 * s.sae_n_features), 'lm': (s.d_model, 4 * s.d_model)}
    out = {}
    for size, (d_in, d_sae) in sizes.items():
        acts = sparse_features(s.sae_samples, d_in, 0.3, g) + 0.1 * torch.randn(s.sae_samples, d_in, generator=g)
        for threads, steps, rounds in [(1, 200, 3), (threads_default, 20, 1)]:
            torch.set_num_threads(threads)
            for arch, kw in [('standard', dict(l1_coefficient=0.3)), ('topk', dict(k=4))]:
                if threads != 1 and arch != 'standard': continue  # one architecture is enough to see the thread effect
                sec = timed(lambda: train_sae(acts, arch, d_sae=d_sae, steps=steps, batch_size=s.sae_batch_size, **kw), rounds)  # noqa: B023
                out[f'{size}_{arch}_threads{threads}_acts_per_s'] = steps * s.sae_batch_size / sec
                out[f'{size}_{arch}_threads{threads}_ms_per_step'] = 1000 * sec / steps
        out[f'{size}_d_in'], out[f'{size}_d_sae'] = d_in, d_sae
    torch.set_num_threads(threads_default)
    out['batch_size'] = s.sae_batch_size
    return out


def collection_throughput(s, threads_default, n_seqs=256, batch_size=32):
    "Activations (token positions) per second read from the last residual stream of a small HookedTransformer."
    lm = hooked_lm(d_vocab=1000, n_ctx=s.max_len, d_model=s.d_model, n_layers=s.n_layers, n_heads=s.n_heads).eval()
    tokens = torch.randint(0, 1000, (n_seqs, s.max_len), generator=torch.Generator().manual_seed(s.seed))
    hook = f'blocks.{s.n_layers - 1}.hook_resid_post'
    def full_cache(toks):
        with torch.no_grad():
            for i in range(0, len(toks), batch_size): lm.run_with_cache(toks[i:i + batch_size])
    def forward_only(toks):
        with torch.no_grad():
            for i in range(0, len(toks), batch_size): lm(toks[i:i + batch_size])
    out = dict(d_model=s.d_model, n_layers=s.n_layers, seq_len=s.max_len, hook=hook)
    for threads in sorted({1, threads_default}):
        torch.set_num_threads(threads)
        toks = tokens if threads == 1 else tokens[:2 * batch_size]  # several threads can be very slow on a shared CPU: measure less
        for name, fn in [('collect', lambda: collect_activations(lm, toks, hook, batch_size=batch_size)),  # noqa: B023
                         ('run_with_cache_all', lambda: full_cache(toks)), ('forward_no_cache', lambda: forward_only(toks))]:  # noqa: B023
            out[f'{name}_threads{threads}_acts_per_s'] = toks.numel() / timed(fn, 3 if threads == 1 else 1)
        out[f'n_positions_threads{threads}'] = toks.numel()
    torch.set_num_threads(threads_default)
    return out


def main():
    s = settings_from_args(__doc__)
    threads_default = torch.get_num_threads()
    parts = run_parts((sae_throughput, collection_throughput), lambda part: part(s, threads_default))
    bench = dict(threads_default=threads_default, **parts)
    bench.update(stamp(s))
    for k, v in bench.items(): save_result('bench_sae', k, v)
    print(json.dumps({k: v for k, v in load_results('bench_sae').items() if k != 'run'}, indent=1))


if __name__ == '__main__':
    main()
