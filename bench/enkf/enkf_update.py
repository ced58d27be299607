"""One ensemble Kalman update written in NumPy the obvious way, beside `l2l bench enkf-update`.

    python bench/enkf/enkf_update.py [--l2l .build/release/l2l] [--parameters 30000 --members 100 --outputs 640]

The obvious way forms the cross-covariance C_uG (D x K) and C_GG (K x K), solves, and
multiplies back: u_j += C_uG (C_GG + gamma I)^-1 (y - G(u_j)). Prints both timings and the ratio.
"""
import argparse
import json
import subprocess
import time

import numpy as np


def numpy_update(U, G, y, gamma):
    J = U.shape[0]
    du = U - U.mean(axis=0)
    dg = G - G.mean(axis=0)
    c_ug = du.T @ dg / (J - 1)                      # D x K
    c_gg = dg.T @ dg / (J - 1)                      # K x K
    k = np.linalg.solve(c_gg + gamma * np.eye(c_gg.shape[0]), (y - G).T)   # K x J
    return U + (c_ug @ k).T


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--l2l", default=".build/release/l2l")
    parser.add_argument("--parameters", type=int, default=30000)
    parser.add_argument("--members", type=int, default=100)
    parser.add_argument("--outputs", type=int, default=640)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    rng = np.random.default_rng(1)
    U = rng.standard_normal((args.members, args.parameters)) * 1e-6
    y = rng.random(args.outputs)
    samples = []
    for _ in range(args.repeats):
        G = rng.standard_normal((args.members, args.outputs))
        start = time.perf_counter()
        U = numpy_update(U, G, y, 0.01)
        samples.append(time.perf_counter() - start)
    numpy_seconds = float(np.median(samples))

    out = subprocess.run([args.l2l, "bench", "enkf-update", "--json", "--parameters", str(args.parameters),
                          "--members", str(args.members), "--outputs", str(args.outputs),
                          "--repeats", str(args.repeats)], capture_output=True, text=True, check=True)
    ours = json.loads(out.stdout)
    print(json.dumps({
        "parameters": args.parameters, "members": args.members, "outputs": args.outputs,
        "numpy_seconds_per_update": numpy_seconds, "numpy_version": np.__version__,
        "l2l_seconds_per_update": ours["secondsPerUpdate"],
        "speedup": numpy_seconds / ours["secondsPerUpdate"],
    }))


if __name__ == "__main__":
    main()
