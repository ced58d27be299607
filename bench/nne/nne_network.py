"""A NumPy copy of l2l's NNE network and task split (optimizee `genotype_classifier`), to score genotypes
recorded in a result file (`runs/best_x`, the incumbent after every generation) on a task's held-out images.

It follows the Swift code draw for draw: `RandomStream` (xoshiro256**, SplitMix64 seeding, `derived`),
`SparseInputMask` (one uniform per pixel pair, row-major), `WeightGenerationMatrix` (geometric skips,
U[-1, 1] entries), the He-normalized scales of `GenotypeNetwork`, `DigitDataset.split` (one permutation per
class, Swift's `next(upperBound:)` = Lemire's nearly divisionless method), the MNIST 5k IDX files divided by
255, the batch scoring of `GenotypeNetwork+Batch` (max-shifted log-sum-exp, δ of §3.1) and "NNE + SignSGD"
(`SignSGDRule` on the output layer, `MiniBatchSampler` on `RandomStream(seed: task).derived(2)`).
`checkpoint_curve.py` checks it against the run's own final report before trusting it.
"""
import os

import numpy as np

M64 = (1 << 64) - 1
DATA = os.path.join(os.path.dirname(__file__), "..", "..", "data", "digits")


def _mix(z):
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
    return z ^ (z >> 31)


def _rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & M64


class RandomStream:
    """l2l's RandomStream: xoshiro256** seeded by SplitMix64; `derived` hashes the origin with the labels."""

    def __init__(self, seed):
        self.origin = seed & M64
        m = self.origin
        w = []
        for _ in range(4):
            m = (m + 0x9E3779B97F4A7C15) & M64
            w.append(_mix(m))
        if not any(w):
            w[0] = 0x9E3779B97F4A7C15
        self.s = w

    def derived(self, *components):
        h = _mix(self.origin ^ 0x243F6A8885A308D3)
        for c in components:
            h = _mix(h ^ _mix((c + 0x9E3779B97F4A7C15) & M64))
        return RandomStream(h)

    def next(self):
        s = self.s
        result = (_rotl((s[1] * 5) & M64, 7) * 9) & M64
        t = (s[1] << 17) & M64
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = _rotl(s[3], 45)
        return result

    def uniform(self):
        return (self.next() >> 11) * 2.0 ** -53

    def below(self, bound):
        """Swift's `next(upperBound:)` (Lemire's nearly divisionless method)."""
        r = self.next()
        m = r * bound
        if (m & M64) < bound:
            t = ((1 << 64) - bound) % bound
            while (m & M64) < t:
                r = self.next()
                m = r * bound
        return m >> 64

    def permutation(self, count):
        p = list(range(count))
        for i in range(count - 1, 0, -1):
            j = self.below(i + 1)
            p[i], p[j] = p[j], p[i]
        return p


def load_mnist5k():
    with open(os.path.join(DATA, "mnist5k-images.idx3-ubyte"), "rb") as f:
        raw = f.read()
    n, rows, cols = (int.from_bytes(raw[i:i + 4], "big") for i in (4, 8, 12))
    images = np.frombuffer(raw, np.uint8, offset=16).reshape(n, rows * cols).astype(float) * (1 / 255)
    with open(os.path.join(DATA, "mnist5k-labels.idx1-ubyte"), "rb") as f:
        labels = np.frombuffer(f.read(), np.uint8, offset=8).astype(int)
    return images, labels


def split(labels, task_seed, train_per_class, test_per_class):
    """`DigitDataset.split` on `RandomStream(seed: task).derived(1)`: sorted train and test indices."""
    random = RandomStream(task_seed).derived(1)
    a, b = [], []
    for k in sorted(set(labels.tolist())):
        group = np.flatnonzero(labels == k)
        order = random.permutation(len(group))
        a += [group[i] for i in order[:train_per_class]]
        b += [group[i] for i in order[train_per_class:train_per_class + test_per_class]]
    return np.array(sorted(a)), np.array(sorted(b))


class Network:
    """`GenotypeNetwork` drawn from `RandomStream(seed: network_seed)`: input mask, then W."""

    def __init__(self, inputs=784, hidden=1000, classes=10, genes=4000, p=0.1, beta=0.0025, seed=7, cache=None):
        if cache and os.path.exists(cache):
            z = np.load(cache)
            self.connections, self.row_of, self.gene, self.value = z["connections"], z["row_of"], z["gene"], z["value"]
        else:
            random = RandomStream(seed)
            conn = [i for i in range(inputs * hidden) if random.uniform() < p]
            links = len(conn) + hidden * classes
            total, log_q = links * genes, np.log1p(-beta)
            row_of, gene, value, t = [], [], [], -1
            while True:
                u = 1 - random.uniform()
                skip = np.floor(np.log(u) / log_q)
                if skip >= total:
                    break
                t += 1 + int(skip)
                if t >= total:
                    break
                row_of.append(t // genes)
                gene.append(t % genes)
                value.append(-1 + 2 * random.uniform())
            self.connections, self.row_of = np.array(conn), np.array(row_of)
            self.gene, self.value = np.array(gene), np.array(value)
            if cache:
                np.savez(cache, connections=self.connections, row_of=self.row_of, gene=self.gene, value=self.value)
        self.inputs, self.hidden, self.classes, self.genes = inputs, hidden, classes, genes
        self.m1 = len(self.connections)
        self.links = self.m1 + hidden * classes
        variance = max(genes * beta / 6, np.finfo(float).tiny)
        fan_in = max(self.m1 / hidden, 1)
        self.hidden_scale = np.sqrt(2 / fan_in / variance)
        self.output_scale = np.sqrt(1 / hidden / variance)

    def matrices(self, x):
        """Dense hidden (hidden × inputs) and output (classes × hidden) weights of genotype x."""
        w = np.bincount(self.row_of, weights=self.value * np.asarray(x, float)[self.gene], minlength=self.links)
        w1 = np.zeros(self.hidden * self.inputs)
        w1[self.connections] = w[:self.m1] * self.hidden_scale
        w2 = (w[self.m1:] * self.output_scale).reshape(self.classes, self.hidden)
        return w1.reshape(self.hidden, self.inputs), w2


def score(w1, w2, images, labels):
    """Accuracy, mean cross-entropy and δ (the paper's advantage over a random guess) of one network."""
    h = np.maximum(images @ w1.T, 0)
    z = h @ w2.T
    best = z.max(axis=1)
    loss = best + np.log(np.exp(z - best[:, None]).sum(axis=1)) - z[np.arange(len(labels)), labels]
    alpha2 = np.log(w2.shape[0]) ** 2
    return {"accuracy": float(np.mean(z.argmax(axis=1) == labels)), "loss": float(loss.mean()),
            "advantage": float(np.mean(np.maximum(0, alpha2 - loss ** 2)))}


def signsgd(w1, w2, images, labels, task_seed, learning_rate=0.002, steps=300, batch_size=50):
    """"NNE + SignSGD": `steps` sign updates of the output layer on mini-batches of the training images."""
    w2 = w2.copy()
    h = np.maximum(images @ w1.T, 0)
    random = RandomStream(task_seed).derived(2)
    count = len(labels)
    order, position = random.permutation(count), 0
    for _ in range(steps):
        if position + batch_size > count:
            order, position = random.permutation(count), 0
        idx = order[position:position + batch_size]
        position += batch_size
        hb = h[idx]
        z = hb @ w2.T
        z = np.exp(z - z.max(axis=1, keepdims=True))
        z /= z.sum(axis=1, keepdims=True)
        z[np.arange(len(idx)), labels[idx]] -= 1
        g = z.T @ hb
        w2 -= learning_rate * np.sign(g)
    return w2
