"""NNE genotype scoring written in NumPy the obvious way, beside `l2l bench nne`.

    OPENBLAS_NUM_THREADS=1 python bench/nne/nne_eval.py [--l2l .build/release/l2l] [--hidden 1000 --genes 4000]

The network of Gorantla et al. (2019, section 3.1): 784 inputs, a hidden ReLU layer on a sparse
random input graph (edge probability 0.1), 10 softmax outputs; the link weights are W x for a
binary genotype x and a sparse random W (density beta, entries U[-1, 1], stored as CSR arrays).
Per genotype: W x (a gather and a segment sum over W's nonzeros), the dense hidden matrix with
the graph's links filled in, relu(X W1^T) W2^T on the mini-batch, cross-entropy, accuracy and
delta_x. Prints genotypes per second of both and the ratio (l2l / NumPy), one core each.
"""
import argparse
import json
import os
import subprocess
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
import numpy as np  # noqa: E402


def build(rng, inputs, hidden, classes, genes, p, beta):
    mask = rng.random((hidden, inputs)) < p
    links1 = int(mask.sum())
    links = links1 + hidden * classes
    counts = rng.binomial(genes, beta, size=links)
    starts = np.concatenate([[0], np.cumsum(counts)])
    gene_index = np.concatenate([rng.choice(genes, size=c, replace=False) for c in counts]) if counts.sum() else np.zeros(0, int)
    values = rng.uniform(-1, 1, size=int(counts.sum()))
    row_of = np.repeat(np.arange(links), counts)
    fan_in = max(links1 / hidden, 1)
    variance = genes * beta / 6
    return dict(mask=mask, links1=links1, links=links, row_of=row_of, gene_index=gene_index, values=values,
                hidden_scale=np.sqrt(2 / fan_in / variance), output_scale=np.sqrt(1 / hidden / variance))


def score(net, x, images, labels, hidden, classes):
    weights = np.bincount(net["row_of"], weights=net["values"] * x[net["gene_index"]], minlength=net["links"])
    w1 = np.zeros(net["mask"].shape)
    w1[net["mask"]] = weights[:net["links1"]] * net["hidden_scale"]
    w2 = weights[net["links1"]:].reshape(hidden, classes).T * net["output_scale"]   # classes x hidden
    h = np.maximum(images @ w1.T, 0)
    logits = h @ w2.T
    m = logits.max(axis=1, keepdims=True)
    log_sum = m[:, 0] + np.log(np.exp(logits - m).sum(axis=1))
    loss = log_sum - logits[np.arange(len(labels)), labels]
    accuracy = float((logits.argmax(axis=1) == labels).mean())
    alpha = np.log(classes)
    delta = float(np.maximum(0, alpha ** 2 - loss ** 2).mean())
    return float(loss.mean()), accuracy, delta


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--l2l", default=".build/release/l2l")
    parser.add_argument("--hidden", type=int, default=1000)
    parser.add_argument("--genes", type=int, default=4000)
    parser.add_argument("--connection-probability", type=float, default=0.1)
    parser.add_argument("--density", type=float, default=0.0025)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--population", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    inputs, classes = 784, 10
    rng = np.random.default_rng(1)
    net = build(rng, inputs, args.hidden, classes, args.genes, args.connection_probability, args.density)
    images = rng.random((args.batch, inputs))
    labels = np.arange(args.batch) % classes
    genotypes = (rng.random((args.population, args.genes)) < 0.5).astype(float)
    score(net, genotypes[0], images, labels, args.hidden, classes)   # warm-up
    samples = []
    for _ in range(args.repeats):
        start = time.perf_counter()
        for x in genotypes:
            score(net, x, images, labels, args.hidden, classes)
        samples.append(time.perf_counter() - start)
    numpy_seconds = float(np.median(samples))

    out = subprocess.run([args.l2l, "bench", "nne", "--json", "--hidden", str(args.hidden), "--genes", str(args.genes),
                          "--connection-probability", str(args.connection_probability), "--density", str(args.density),
                          "--batch", str(args.batch), "--population", str(args.population), "--repeats", str(args.repeats)],
                         capture_output=True, text=True, check=True)
    ours = json.loads(out.stdout)
    numpy_rate = args.population / numpy_seconds
    print(json.dumps({
        "hidden": args.hidden, "genes": args.genes, "density": args.density, "batch": args.batch,
        "population": args.population, "links": net["links"], "nonzeros": int(len(net["values"])),
        "numpy_genotypes_per_second": numpy_rate, "numpy_version": np.__version__,
        "l2l_genotypes_per_second": ours["genotypesPerSecond"],
        "ratio_l2l_over_numpy": ours["genotypesPerSecond"] / numpy_rate,
    }))


if __name__ == "__main__":
    main()
