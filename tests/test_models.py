"Behaviour of kd_notes.models that needs several processes: a cached model is trained once, even when two ask at once."
import multiprocessing as mp
import time
from pathlib import Path

from kd_notes.models import MLP, cached_model, load_student, save_student


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
