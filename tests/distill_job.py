"""Distil a student on sklearn's digits with `kd_notes.distill.distill`, in as many processes as the launcher starts.

    torchrun --standalone --nproc_per_node 2 tests/distill_job.py OUT.json   # Accelerate: MULTI_CPU over gloo
    python tests/distill_job.py OUT.json                                    # one process

The teacher is trained first, identically in every process (same seed, no parallelism), then the student is
distilled with the trainer; process 0 writes the test accuracy and what Accelerate saw to OUT.json.
"""
import json
import sys

import torch
import torch.nn.functional as F

from kd_notes.data import digits
from kd_notes.distill import DistillConfig, DistillSet, distill, predict
from kd_notes.models import MLP, accuracy


def teacher_for(data, seed=0, epochs=200):
    torch.manual_seed(seed)
    model = MLP(64, [256], 10)
    opt = torch.optim.Adam(model.parameters(), 1e-3)
    x, y = torch.as_tensor(data.train.x), torch.as_tensor(data.train.y)
    for _ in range(epochs):
        loss = F.cross_entropy(model(x), y)
        opt.zero_grad(); loss.backward(); opt.step()
    return model.eval()


def main(out):
    from accelerate import PartialState
    data = digits()
    teacher = teacher_for(data)
    torch.manual_seed(1)
    student = MLP(64, [32], 10)
    cfg = DistillConfig(epochs=15, lr=3e-3, batch_size=64, T=4, alpha=0.7, device='cpu', seed=0)
    hist = distill(student, DistillSet(data.train.x, data.train.y), DistillSet(data.valid.x, data.valid.y), teacher, cfg)
    state = PartialState()
    if state.is_main_process:
        res = dict(num_processes=state.num_processes, distributed_type=str(state.distributed_type), backend=state.backend,
                   test_acc=accuracy(predict(student, data.test.x), data.test.y),
                   teacher_acc=accuracy(predict(teacher, data.test.x), data.test.y), epochs=len(hist))
        with open(out, 'w') as f: json.dump(res, f)


if __name__ == '__main__':
    main(sys.argv[1])
