"""The distillation losses of kd_notes.variants against independent implementations of each paper's formula, written here
element by element in float64: the same value and the same gradient on random tensors.

Attention transfer and RKD are also compared with torchdistill's own loss modules (Matsubara 2021; installed for the tests,
without its torchvision dependency, which these modules do not import)."""
import itertools
import math

import pytest
import torch
import torch.nn.functional as F

from kd_notes.variants import at_loss, dkd_loss, dml_loss, ensemble_logits, rkd_angle_loss, rkd_distance_loss


def huber(a, b):
    "Smooth L1 with beta = 1, one pair of numbers."
    d = abs(a - b)
    return 0.5 * d * d if d < 1 else d - 0.5


def dkd_reference(zs, zt, y, alpha, beta, T):
    """Zhao et al. 2022, eqs. 1-7: b = [p_t, 1 - p_t]; p_hat_i = p_i / (1 - p_t) over the non-target classes;
    TCKD = KL(b^T || b^S), NCKD = KL(p_hat^T || p_hat^S); the loss is T^2 (alpha TCKD + beta NCKD), averaged over rows."""
    total = 0.0
    for s_row, t_row, c in zip(zs, zt, y.tolist(), strict=True):
        ps, pt = torch.softmax(s_row / T, 0), torch.softmax(t_row / T, 0)
        bs, bt = torch.stack([ps[c], 1 - ps[c]]), torch.stack([pt[c], 1 - pt[c]])
        tckd = sum(bt[k] * torch.log(bt[k] / bs[k]) for k in range(2))
        others = [i for i in range(len(s_row)) if i != c]
        nckd = sum((pt[i] / (1 - pt[c])) * torch.log((pt[i] / (1 - pt[c])) / (ps[i] / (1 - ps[c]))) for i in others)
        total = total + T * T * (alpha * tckd + beta * nckd)
    return total / len(zs)


def at_reference(fs, ft, p=2):
    """Zagoruyko and Komodakis 2017, eq. 2: Q = sum over channels of |A_c|^p, vectorised and divided by its L2 norm; the loss
    as RepDistiller and torchdistill train it: the mean over examples and positions of (Q_s - Q_t)^2."""
    def q(f):
        v = (f.abs() ** p).sum(0).flatten()
        return v / torch.sqrt((v * v).sum())
    diffs = [((q(a) - q(b)) ** 2) for a, b in zip(fs, ft, strict=True)]
    return torch.stack(diffs).mean()


def rkd_distance_reference(es, et):
    """Park et al. 2019, eqs. 4-5: psi_D(t_i, t_j) = ||t_i - t_j|| / mu, mu the mean distance over the pairs of the batch;
    Huber loss over every ordered pair (the diagonal's zeros included, as in the authors' code)."""
    def psi(e):
        n = len(e)
        d = [[torch.sqrt(((e[i] - e[j]) ** 2).sum()) if i != j else torch.zeros((), dtype=e.dtype) for j in range(n)] for i in range(n)]
        mu = sum(d[i][j] for i in range(n) for j in range(n) if i != j) / (n * (n - 1))
        return [[d[i][j] / mu for j in range(n)] for i in range(n)]
    s, t = psi(es), psi(et.detach())
    n = len(es)
    return sum(huber(s[i][j], t[i][j]) for i in range(n) for j in range(n)) / (n * n)


def rkd_angle_reference(es, et):
    """Park et al. 2019, eqs. 6-7: psi_A(t_i, t_j, t_k) = cos of the angle at t_i between t_j and t_k, over every ordered triplet
    (a zero vector where j or k equals i, as in the authors' code); Huber loss."""
    def cosines(e):
        n = len(e)
        unit = lambda v: v / torch.sqrt((v * v).sum()) if float((v * v).sum().detach()) > 0 else v * 0
        return {(i, j, k): (unit(e[j] - e[i]) * unit(e[k] - e[i])).sum() for i, j, k in itertools.product(range(n), repeat=3)}
    s, t = cosines(es), cosines(et.detach())
    return sum(huber(s[key], t[key]) for key in s) / len(s)


def pair(shape, seed, scale=3.0):
    g = torch.Generator().manual_seed(seed)
    a = (torch.randn(*shape, generator=g, dtype=torch.float64) * scale).requires_grad_()
    b = torch.randn(*shape, generator=g, dtype=torch.float64) * scale
    return a, b


def same_value_and_gradient(ours, reference, x, rtol=1e-4, atol=1e-6):
    v1 = ours(x); g1, = torch.autograd.grad(v1, x)
    v2 = reference(x); g2, = torch.autograd.grad(v2, x)
    assert math.isclose(v1.item(), v2.item(), rel_tol=rtol, abs_tol=atol), (v1.item(), v2.item())
    torch.testing.assert_close(g1.double(), g2.double(), rtol=1e-3, atol=1e-6)


@pytest.mark.parametrize('T,alpha,beta', [(4.0, 1.0, 8.0), (1.0, 0.5, 2.0), (2.0, 1.0, 0.0)])
def test_dkd_matches_the_papers_formula(T, alpha, beta):
    zs, zt = pair((6, 5), 0)
    y = torch.tensor([0, 1, 2, 3, 4, 0])
    same_value_and_gradient(lambda z: dkd_loss(z, zt, y, alpha, beta, T), lambda z: dkd_reference(z, zt, y, alpha, beta, T), zs)


def test_attention_transfer_matches_the_papers_formula():
    fs, _ = pair((3, 4, 5, 5), 1)
    ft = torch.randn(3, 8, 5, 5, dtype=torch.float64)  # more channels in the teacher: the maps still compare
    same_value_and_gradient(lambda f: at_loss(f, ft), lambda f: at_reference(f, ft), fs)


def test_rkd_distance_matches_the_papers_formula():
    es, _ = pair((6, 3), 2)
    et = torch.randn(6, 5, dtype=torch.float64)
    same_value_and_gradient(lambda e: rkd_distance_loss(e, et), lambda e: rkd_distance_reference(e, et), es)


def test_rkd_angle_matches_the_papers_formula():
    es, _ = pair((5, 3), 3)
    et = torch.randn(5, 4, dtype=torch.float64)
    same_value_and_gradient(lambda e: rkd_angle_loss(e, et), lambda e: rkd_angle_reference(e, et), es)


def test_mutual_learning_matches_zhang_et_al():
    "Zhang et al. 2018, eq. 9 for two peers: L = CE(p1) + KL(p2 || p1) + CE(p2) + KL(p1 || p2), each KL against the other held fixed."
    z1, _ = pair((6, 4), 4)
    z2 = torch.randn(6, 4, dtype=torch.float64)
    y = torch.tensor([0, 1, 2, 3, 0, 1])
    def reference(a):
        kl = lambda p, q: (p * (p / q).log()).sum(1).mean()
        pa, pb = a.softmax(1), z2.softmax(1)
        return F.cross_entropy(a, y) + kl(pb, pa) + F.cross_entropy(z2, y) + kl(pa.detach(), pb)
    same_value_and_gradient(lambda a: dml_loss([a, z2], y), reference, z1)


def test_ensemble_soft_targets_are_the_mean_of_the_teachers():
    zs = [torch.randn(4, 6, dtype=torch.float64) for _ in range(3)]
    torch.testing.assert_close(ensemble_logits(zs).exp(), torch.stack([z.softmax(1) for z in zs]).mean(0).float(), rtol=1e-5, atol=1e-6)


def test_attention_transfer_matches_torchdistill():
    from torchdistill.losses.mid_level import ATLoss
    fs, _ = pair((4, 8, 7, 7), 5)
    ft = torch.randn(4, 16, 7, 7, dtype=torch.float64)
    theirs = ATLoss(at_pairs={}, mode='code')
    same_value_and_gradient(lambda f: at_loss(f, ft), lambda f: theirs.compute_at_loss(f, ft), fs)


@pytest.mark.parametrize('part', ['distance', 'angle'])
def test_rkd_matches_torchdistill(part):
    from torchdistill.losses.mid_level import RKDLoss
    es, _ = pair((16, 6), 6)
    et = torch.randn(16, 12, dtype=torch.float64)
    theirs = RKDLoss('s', 't', dist_factor=1.0, angle_factor=1.0, reduction='mean')
    ours = rkd_distance_loss if part == 'distance' else rkd_angle_loss
    ref = theirs.compute_rkd_distance_loss if part == 'distance' else theirs.compute_rkd_angle_loss
    same_value_and_gradient(lambda e: ours(e, et), lambda e: ref(et, e), es)  # torchdistill takes the teacher first
