"""The cheapest possible model behind the external protocol: −Σx², vectorised over a batch in
plain Python. What l2l pays above it is the protocol's overhead (bench/external/overhead.py)."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "python"))
import l2l_external  # noqa: E402


def evaluate_batch(candidates, ctx):
    return [-sum(x * x for x in c) for c in candidates]


if __name__ == "__main__":
    l2l_external.serve(evaluate_batch=evaluate_batch)
