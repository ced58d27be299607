"""Teacher-student regression in NumPy, as an l2l external optimizee (protocol version 1).

Each task seed draws a random *teacher* and a dataset; l2l's inner optimizer trains a *student*
network whose weights are the parameters; the fitness is the student's −MSE on a mini-batch.

Task (from ``run.task_seed``): inputs x ~ N(0, I) in R^inputs (``samples`` training points and
``test_samples`` held-out ones); targets y = teacher(x) + noise·N(0, 1). The teacher is a
2-layer tanh network with ``teacher_hidden`` units (default: ``hidden``), or, with
``teacher_hidden: 0``, a random linear map.

Student (the parameters, in this order):
  hidden > 0:  y = w2 · tanh(W1 x + b1) + b2, with W1 (hidden × inputs, row-major), b1 (hidden),
               w2 (hidden), b2 (1):   D = hidden · (inputs + 2) + 1
  hidden = 0:  y = w · x + b, with w (inputs), b (1):   D = inputs + 1
With the defaults (inputs 4, hidden 8): D = 8 · 6 + 1 = 49; linear (hidden 0): D = 5.
The spec's ``optimizee.external.dimension`` must equal D (``python3 model.py --dimension
'{"inputs": 4, "hidden": 8}'`` prints it).

Config (``optimizee.external.config``; defaults): inputs 4, hidden 8, teacher_hidden = hidden,
samples 64, test_samples 256, batch 16, noise 0.01.

Fitness: −mean squared error on ``batch`` training points drawn (without replacement) from the
iteration ``seed``: the same mini-batch for every candidate of an iteration. With ``outputs: true``
in the spec, each result also carries the student's predictions on the batch (outputs) and the
batch's targets (targets), for ``inner.optimizer: enkf``. ``final`` reports ``train_mse`` (all
training points) and ``test_mse`` (the held-out points) of the run's incumbent, and
``train_fitness`` = −train_mse (higher is better: a choice for ``outer.fitness_metric``).
Deterministic given (task_seed, seed): all randomness comes from numpy.random.default_rng.
"""

import functools
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "python"))
import l2l_external  # noqa: E402


DEFAULTS = {"inputs": 4, "hidden": 8, "samples": 64, "test_samples": 256, "batch": 16, "noise": 0.01}


def settings(config):
    """The config with defaults filled in, as a hashable tuple of (key, value) pairs."""
    config = dict(config or {})
    s = {key: config.get(key, default) for key, default in DEFAULTS.items()}
    s["teacher_hidden"] = config.get("teacher_hidden", s["hidden"])
    for key in ("inputs", "hidden", "teacher_hidden", "samples", "test_samples", "batch"):
        s[key] = int(s[key])
    s["noise"] = float(s["noise"])
    if s["inputs"] < 1 or s["hidden"] < 0 or s["teacher_hidden"] < 0:
        raise ValueError(f"config needs inputs >= 1, hidden >= 0, teacher_hidden >= 0: {s}")
    if s["samples"] < 1 or s["batch"] < 1 or s["test_samples"] < 1:
        raise ValueError(f"config needs samples, batch, test_samples >= 1: {s}")
    return tuple(sorted(s.items()))


def dimension(s):
    """The student's parameter count D for the settings s (a dict)."""
    return s["hidden"] * (s["inputs"] + 2) + 1 if s["hidden"] > 0 else s["inputs"] + 1


@functools.lru_cache(maxsize=64)
def task(task_seed, frozen):
    """The task's (x_train, y_train, x_test, y_test), drawn from task_seed alone."""
    s = dict(frozen)
    rng = np.random.default_rng(task_seed)
    n_in, h = s["inputs"], s["teacher_hidden"]
    if h > 0:
        w1 = rng.normal(0.0, 1.0 / np.sqrt(n_in), (h, n_in))
        b1 = rng.normal(0.0, 0.5, h)
        w2 = rng.normal(0.0, 1.0 / np.sqrt(h), h)
        b2 = rng.normal(0.0, 0.1)

        def teacher(x):
            return np.tanh(x @ w1.T + b1) @ w2 + b2
    else:
        w = rng.normal(0.0, 1.0 / np.sqrt(n_in), n_in)
        b = rng.normal(0.0, 0.1)

        def teacher(x):
            return x @ w + b

    def draw(n):
        x = rng.normal(0.0, 1.0, (n, n_in))
        return x, teacher(x) + s["noise"] * rng.normal(0.0, 1.0, n)

    x_train, y_train = draw(s["samples"])
    x_test, y_test = draw(s["test_samples"])
    for a in (x_train, y_train, x_test, y_test):
        a.setflags(write=False)
    return x_train, y_train, x_test, y_test


def predict(theta, x, s):
    """Student predictions, shape (candidates, points), for theta (candidates, D) and x (points, inputs)."""
    n_in, h = s["inputs"], s["hidden"]
    if h == 0:
        return theta[:, :n_in] @ x.T + theta[:, n_in:n_in + 1]
    c = theta.shape[0]
    w1 = theta[:, :h * n_in].reshape(c, h, n_in)
    b1 = theta[:, h * n_in:h * n_in + h]
    w2 = theta[:, h * n_in + h:h * n_in + 2 * h]
    b2 = theta[:, h * n_in + 2 * h:]
    hidden = np.tanh(np.einsum("pi,chi->cph", x, w1) + b1[:, None, :])
    return np.einsum("cph,ch->cp", hidden, w2) + b2


def as_matrix(candidates, s):
    theta = np.asarray(candidates, dtype=np.float64)
    if theta.ndim == 1:
        theta = theta[None, :]
    d = dimension(s)
    if theta.shape[1] != d:
        formula = (f"hidden*(inputs+2)+1 = {s['hidden']}*({s['inputs']}+2)+1" if s["hidden"] > 0
                   else f"inputs+1 = {s['inputs']}+1")
        raise ValueError(f"a candidate has {theta.shape[1]} parameters, but the config "
                         f"(inputs {s['inputs']}, hidden {s['hidden']}) needs D = {formula} = {d}: "
                         f"set optimizee.external.dimension to {d}")
    return theta


def evaluate_batch(candidates, ctx):
    """−MSE of every candidate on the iteration's mini-batch (the same batch for all)."""
    frozen = settings(ctx.config)
    s = dict(frozen)
    theta = as_matrix(candidates, s)
    x_train, y_train, _, _ = task(ctx.task_seed, frozen)
    rng = np.random.default_rng(ctx.seed)
    n = len(x_train)
    idx = rng.choice(n, size=s["batch"], replace=s["batch"] > n)
    xb, yb = x_train[idx], y_train[idx]
    pred = predict(theta, xb, s)
    fitness = -np.mean((pred - yb) ** 2, axis=1)
    if not ctx.outputs:
        return fitness  # an array: the helper converts it with .tolist()
    return [{"fitness": f, "outputs": p, "targets": yb} for f, p in zip(fitness, pred)]


def final(parameters, ctx):
    """The incumbent's MSE on all training points and on the task's held-out points (and −train MSE)."""
    frozen = settings(ctx.config)
    s = dict(frozen)
    theta = as_matrix(parameters, s)
    x_train, y_train, x_test, y_test = task(ctx.task_seed, frozen)
    train = np.mean((predict(theta, x_train, s)[0] - y_train) ** 2)
    test = np.mean((predict(theta, x_test, s)[0] - y_test) ** 2)
    return {"train_mse": float(train), "test_mse": float(test), "train_fitness": -float(train)}


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "--dimension":
        print(dimension(dict(settings(json.loads(sys.argv[2]) if len(sys.argv) > 2 else {}))))
        sys.exit(0)
    l2l_external.serve(evaluate_batch=evaluate_batch, final=final)
