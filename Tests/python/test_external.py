"""The external-program optimizee end to end: the release tool trains the NumPy model of
examples/external-numpy through python/l2l_external.py, and the file reads back with h5py.

Runs the release binary (L2L_BIN, or `swift build -c release --show-bin-path`) from the
repository root, where experiments/external-numpy.yaml finds .venv/bin/python.
"""
import os
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

import h5py
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_cli import BIN, ROOT, l2l  # noqa: E402

SPEC = "experiments/external-numpy.yaml"


class ExternalNumpyTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.TemporaryDirectory()
        cls.one = os.path.join(cls.dir.name, "j1.h5")
        cls.two = os.path.join(cls.dir.name, "j2.h5")
        cls.run_one = l2l("run", SPEC, "-o", cls.one, "--jobs", "1", "--quiet")
        cls.run_two = l2l("run", SPEC, "-o", cls.two, "--jobs", "2")

    @classmethod
    def tearDownClass(cls):
        cls.dir.cleanup()

    def test_identical_datasets_whatever_jobs(self):
        diff = subprocess.run(["h5diff", "--exclude-path", "/provenance", self.one, self.two],
                              capture_output=True, text=True)
        self.assertEqual(diff.returncode, 0, diff.stdout[-2000:] + diff.stderr[-2000:])

    def test_the_outer_loop_trains_the_python_model(self):
        with h5py.File(self.two, "r") as f:
            self.assertEqual(f["provenance"].attrs["status"], "complete")
            self.assertEqual(int(np.sum(f["outer/failed_evaluations"][()])), 0)
            tuned = f["test/metric_test_mse"][()]
            baseline = f["test/baseline_metric_test_mse"][()]
            self.assertEqual(tuned.shape, (4, 1))
            self.assertTrue(np.all(np.isfinite(tuned)))
            # The tuned CMA-ES fits held-out teachers better than the spec's own settings.
            self.assertLess(float(np.mean(tuned)), float(np.mean(baseline)))
            self.assertIn("external:", f.attrs["spec"])

    def test_a_crashing_model_is_recorded_and_nothing_worked_exits_3(self):
        worker = Path(self.dir.name) / "crash.py"
        worker.write_text("import os, sys\nsys.stdin.readline()\nos._exit(7)\n")
        spec = (ROOT / SPEC).read_text()
        spec = spec.replace("command: [.venv/bin/python, examples/external-numpy/model.py]",
                            f"command: [{sys.executable}, {worker}]")
        spec_path = Path(self.dir.name) / "crash.yaml"
        spec_path.write_text(spec.split("\nscales:")[0] + "\n")
        out = os.path.join(self.dir.name, "crash.h5")
        result = l2l("run", str(spec_path), "-o", out, "--jobs", "2", check=False)
        self.assertEqual(result.returncode, 3, result.stderr)
        self.assertIn("no inner run produced a finite fitness", result.stderr)
        with h5py.File(out, "r") as f:
            self.assertEqual(f["provenance"].attrs["status"], "complete")
            self.assertTrue(np.all(f["outer/failed_evaluations"][()] > 0))


if __name__ == "__main__":
    unittest.main()
