"Behaviour of the model store (kd_notes.store) that needs several processes: a cached model is trained once, even when two ask at once."
import multiprocessing as mp
import time
from pathlib import Path

from kd_notes.models import MLP
from kd_notes.store import cached_model, load_student, save_student


def _train_slowly(out: Path, log: Path):
    with open(log, 'a') as f: f.write('trained\n')
    time.sleep(1.0)
    save_student(MLP(hidden=[4]), out)


def _ask(folder: str, log: str, q):
    d = cached_model('slow', {'v': 1}, lambda out: _train_slowly(out, Path(log)), folder)
    q.put(str(d))


def test_two_processes_train_once(tmp_path):
    ctx = mp.get_context('spawn')
    q = ctx.Queue()
    log = tmp_path / 'log.txt'
    procs = [ctx.Process(target=_ask, args=(str(tmp_path / 'models'), str(log), q)) for _ in range(2)]
    for p in procs: p.start()
    for p in procs: p.join(120)
    assert all(p.exitcode == 0 for p in procs)
    folders = {q.get(timeout=5) for _ in procs}
    assert len(folders) == 1
    assert log.read_text().splitlines() == ['trained']
    model, tok, info = load_student(folders.pop())
    assert isinstance(model, MLP) and tok is None


def test_interrupted_training_leaves_no_model(tmp_path):
    def crash(out):
        out.mkdir(parents=True)
        (out / 'half.safetensors').write_bytes(b'')
        raise KeyboardInterrupt
    try:
        cached_model('crash', {}, crash, tmp_path)
    except KeyboardInterrupt:
        pass
    assert [p.name for p in tmp_path.iterdir() if not p.name.endswith(('.lock', '.partial'))] == []
    calls = []
    d = cached_model('crash', {}, lambda out: (calls.append(1), save_student(MLP(hidden=[4]), out)), tmp_path)
    assert calls == [1] and (d / 'model.safetensors').exists()


def _scratch_train(width_expr: str):
    "A training function as a notebook would define it, with a helper it calls; `width_expr` is the line an edit changes."
    ns = {'__name__': 'scratch_notebook', 'save_student': save_student, 'MLP': MLP, 'calls': []}
    exec(f"def width():\n    return {width_expr}\n\n"
         "def train(out):\n    calls.append(out)\n    save_student(MLP(hidden=[width()]), out)\n", ns)
    return ns['train'], ns['calls']


def _width(folder) -> int:
    import torch.nn as nn
    return next(m for m in load_student(folder)[0].modules() if isinstance(m, nn.Linear)).out_features


def test_editing_the_training_code_retrains(tmp_path):
    train, calls = _scratch_train('4')
    d1 = cached_model('m', {'a': 1}, train, tmp_path)
    assert cached_model('m', {'a': 1}, train, tmp_path) == d1 and len(calls) == 1   # stored: read back, not retrained
    same, same_calls = _scratch_train('4')                                             # the same code, defined again
    assert cached_model('m', {'a': 1}, same, tmp_path) == d1 and same_calls == []
    edited, edited_calls = _scratch_train('5')                                         # one line of a helper it calls
    d2 = cached_model('m', {'a': 1}, edited, tmp_path)
    assert d2 != d1 and len(edited_calls) == 1
    assert _width(d2) == 5
    assert _width(d1) == 4                                # the older model is still there


def test_flipped_bytes_are_detected_and_the_model_retrained(tmp_path):
    train, calls = _scratch_train('4')
    d = cached_model('m', {'a': 1}, train, tmp_path)
    weights = d / 'model.safetensors'
    data = bytearray(weights.read_bytes()); data[-1] ^= 0xFF; weights.write_bytes(bytes(data))
    assert cached_model('m', {'a': 1}, train, tmp_path) == d and len(calls) == 2       # retrained, not read
    kept = [p for p in tmp_path.iterdir() if '.corrupt-' in p.name]
    assert len(kept) == 1 and (kept[0] / 'model.safetensors').read_bytes() == bytes(data)  # the damaged copy is set aside, not deleted
    model, _, _ = load_student(d)
    assert isinstance(model, MLP)


def test_same_seed_same_teacher_weights(tmp_path, monkeypatch):
    "On one machine, the same seed and profile give bit-identical teacher weights (the image teacher, test profile)."
    from kd_notes.core import load_settings
    from kd_notes.store import weights_hash
    from kd_notes.teachers import image_teacher
    s = load_settings('test')
    hashes = []
    for run in ('a', 'b'):
        monkeypatch.setenv('KD_NOTES_CACHE', str(tmp_path / run))
        hashes.append(weights_hash(image_teacher(s).model))
    assert hashes[0] == hashes[1]


def test_a_class_defined_in_a_notebook_is_reloaded(tmp_path, monkeypatch):
    "A student class defined in a notebook (module `__main__`) is saved under that name and found there on loading."
    import sys
    import types
    import torch
    import torch.nn as nn
    from huggingface_hub import PyTorchModelHubMixin
    main = types.ModuleType('__main__')
    exec("class Wide(nn.Module, PyTorchModelHubMixin):\n"
         "    def __init__(self, d:int=3):\n        super().__init__(); self.lin = nn.Linear(d, 2)\n"
         "    def forward(self, x): return self.lin(x)\n", {'nn': nn, 'PyTorchModelHubMixin': PyTorchModelHubMixin, '__name__': '__main__'},
         main.__dict__)
    monkeypatch.setitem(sys.modules, '__main__', main)
    m = main.Wide(d=5)
    path = save_student(m, tmp_path / 'wide')
    back, _, info = load_student(path)
    assert info['cls'] == '__main__.Wide' and type(back) is main.Wide
    x = torch.randn(4, 5)
    assert torch.equal(back(x), m(x))
