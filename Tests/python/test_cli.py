"""The l2l tool end to end, read back the way users read it (h5py, xarray, pandas, h5dump).

Runs the release binary (L2L_BIN, or `swift build -c release --show-bin-path`).
"""
import json
import os
import struct
import subprocess
import tempfile
import unittest
import zlib
from pathlib import Path

import h5py
import numpy as np

ROOT = Path(__file__).resolve().parents[2]


def l2l_binary() -> str:
    if os.environ.get("L2L_BIN"):
        return os.environ["L2L_BIN"]
    out = subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT,
                         capture_output=True, text=True, check=True)
    return str(Path(out.stdout.strip()) / "l2l")


BIN = l2l_binary()


def l2l(*args, check=True):
    result = subprocess.run([BIN, *args], cwd=ROOT, capture_output=True, text=True)
    if check and result.returncode != 0:
        raise AssertionError(f"l2l {' '.join(args)} exited {result.returncode}\n{result.stderr}")
    return result


class QuickstartTests(unittest.TestCase):
    """The quickstart as README command 1 runs it, with --jobs 1 and --jobs 2."""

    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.TemporaryDirectory()
        cls.one = os.path.join(cls.dir.name, "quickstart-j1.h5")
        cls.two = os.path.join(cls.dir.name, "quickstart-j2.h5")
        l2l("run", "experiments/quickstart.yaml", "-o", cls.one, "--jobs", "1", "--quiet")
        cls.progress = l2l("run", "experiments/quickstart.yaml", "-o", cls.two, "--jobs", "2").stderr

    @classmethod
    def tearDownClass(cls):
        cls.dir.cleanup()

    def test_identical_datasets_whatever_jobs(self):
        diff = subprocess.run(["h5diff", "--exclude-path", "/provenance", self.one, self.two],
                              capture_output=True, text=True)
        self.assertEqual(diff.returncode, 0, diff.stdout[-2000:] + diff.stderr[-2000:])

    def test_progress_line_per_generation(self):
        lines = [l for l in self.progress.splitlines() if l.startswith("gen ")]
        self.assertEqual(len(lines), 6, self.progress)
        for word in ("evals", "best", "mean", "elapsed", "ETA", "failed"):
            self.assertIn(word, lines[-1])

    def test_h5dump_header(self):
        out = subprocess.run(["h5dump", "-H", self.two], capture_output=True, text=True)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertIn('GROUP "outer"', out.stdout)

    def test_documented_layout(self):
        with h5py.File(self.two, "r") as f:
            self.assertEqual(f.attrs["format"], "l2l")
            self.assertEqual(int(f.attrs["format_version"]), 1)
            self.assertIn("name: quickstart", f.attrs["spec"])
            self.assertEqual(f["provenance"].attrs["status"], "complete")
            self.assertEqual(int(f["checkpoint"].attrs["completed_generations"]), 6)
            self.assertIn("iteration", f["checkpoint"].attrs["outer_optimizer_state"])
            G, P, H, T, R = 6, 10, 4, 4, 2
            outer = f["outer"]
            shapes = {
                "generation": (G,), "hyperparameters": (G, P, H), "encoded": (G, P, H), "fitness": (G, P),
                "failed": (G, P), "failed_runs": (G, P), "failed_evaluations": (G, P), "run_final_fitness": (G, P, T, R),
                "best_fitness": (G,), "best_hyperparameters": (G, H), "generation_best_fitness": (G,),
                "mean_fitness": (G,), "hyperparameter_name": (H,), "hyperparameter_kind": (H,),
                "hyperparameter_low": (H,), "hyperparameter_high": (H,), "hyperparameter_choices": (H,),
            }
            for name, shape in shapes.items():
                self.assertEqual(outer[name].shape, shape, name)
                self.assertIn("description", outer[name].attrs, name)
                self.assertIn("units", outer[name].attrs, name)
            names = [n.decode() if isinstance(n, bytes) else n for n in outer["hyperparameter_name"][:]]
            self.assertEqual(names, ["inner.elite_fraction", "inner.initial_sigma", "inner.population", "inner.covariance"])
            self.assertEqual(outer["state/parents"].shape, (G, P, 2))
            # best so far never decreases and is the max of fitness seen so far
            best = outer["best_fitness"][:]
            self.assertTrue(np.all(np.diff(best) >= 0))
            self.assertAlmostEqual(best[-1], np.max(outer["fitness"][:][np.isfinite(outer["fitness"][:])]))
            # one run group per generation × individual × task × repeat
            runs = f["runs"]
            self.assertEqual(len(runs), G * P * T * R)
            run = runs["g0002_i0003_t0001_r01"]
            self.assertEqual(run.attrs["generation"], 2)
            self.assertEqual(run.attrs["task"], 1)
            pop = int(outer["hyperparameters"][2, 3, 2])
            I = run["fitness"].shape[0]
            self.assertLessEqual(I, 60)
            self.assertEqual(run["fitness"].shape, (I, pop))
            self.assertEqual(run["evaluation_status"].shape, (I, pop))
            self.assertEqual(int(run.attrs["failed_evaluations"]), int((run["evaluation_status"][:] != 0).sum()))
            self.assertEqual(run["candidates"].shape, (I, pop, 4))
            self.assertEqual(run["best_x"].shape, (I, 4))
            self.assertEqual(run["best_fitness"].shape, (I,))
            self.assertEqual(run["state/mean"].shape, (I, 4))
            self.assertAlmostEqual(run.attrs["final_best_fitness"], outer["run_final_fitness"][2, 3, 1, 1])
            self.assertAlmostEqual(run.attrs["final_best_fitness"], run["best_fitness"][-1])
            self.assertAlmostEqual(np.max(run["fitness"][:]), run["best_fitness"][-1])
            test = f["test"]
            self.assertEqual(test["final_fitness"].shape, (8, R))
            self.assertEqual(test["baseline_final_fitness"].shape, (8, R))
            self.assertEqual(len(test["runs"]), 8 * R)
            self.assertEqual(len(test["baseline"]), 8 * R)
            self.assertEqual(test["best_hyperparameters"].shape, (H,))
            np.testing.assert_allclose(test["best_hyperparameters"][:], outer["best_hyperparameters"][-1])

    def test_xarray_and_pandas_open_it(self):
        import pandas as pd
        import xarray as xr
        for group in ("outer", "outer/state", "runs/g0000_i0000_t0000_r00", "runs/g0000_i0000_t0000_r00/state", "test"):
            with xr.open_dataset(self.two, engine="h5netcdf", group=group) as ds:
                self.assertGreater(len(ds.data_vars), 0, group)
        with xr.open_dataset(self.two, engine="h5netcdf", group="outer") as ds:
            self.assertEqual(ds["fitness"].dims, ("generation", "individual"))
            frame = ds["fitness"].to_dataframe()
            self.assertIsInstance(frame, pd.DataFrame)
            self.assertEqual(len(frame), 60)

    def test_inspect(self):
        text = l2l("inspect", self.two).stdout
        self.assertIn("quickstart", text)
        self.assertIn("inner.elite_fraction =", text)
        summary = json.loads(l2l("inspect", self.two, "--json").stdout)
        self.assertEqual(summary["generations"], 6)
        self.assertEqual(summary["population"], 10)
        self.assertEqual(summary["inner_runs"], 6 * 10 * 4 * 2)
        self.assertEqual(len(summary["best_hyperparameters"]), 4)
        self.assertIn(summary["best_hyperparameters"][3]["value"], ("diagonal", "full"))
        self.assertIsInstance(summary["best_hyperparameters"][2]["value"], int)
        self.assertIsInstance(summary["test_mean_fitness"], float)
        self.assertTrue(summary["test_mean_fitness"] <= 0)

    def test_plot_writes_valid_pngs(self):
        out = os.path.join(self.dir.name, "plots")
        written = l2l("plot", self.two, "-o", out).stdout.split()
        self.assertEqual([os.path.basename(p) for p in written], ["outer.png", "hyperparameters.png", "test.png"])
        for path in written:
            data = Path(path).read_bytes()
            self.assertEqual(data[:8], b"\x89PNG\r\n\x1a\n")
            width, height = struct.unpack(">II", data[16:24])
            idat, offset = b"", 8
            while offset < len(data):
                (length,), kind = struct.unpack(">I", data[offset:offset + 4]), data[offset + 4:offset + 8]
                body = data[offset + 8:offset + 8 + length]
                self.assertEqual(zlib.crc32(kind + body), struct.unpack(">I", data[offset + 8 + length:offset + 12 + length])[0])
                idat += body if kind == b"IDAT" else b""
                offset += 12 + length
            rows = zlib.decompress(idat)
            self.assertEqual(len(rows), height * (3 * width + 1))
            pixels = np.frombuffer(rows, dtype=np.uint8).reshape(height, 3 * width + 1)[:, 1:]
            self.assertGreater((pixels < 250).mean(), 0.02, f"{path} is nearly blank")


class ErrorTests(unittest.TestCase):
    def test_validate_reports_position_and_exit_code(self):
        with tempfile.TemporaryDirectory() as d:
            bad = Path(d) / "bad.yaml"
            text = (ROOT / "experiments/quickstart.yaml").read_text().replace("iterations: 60", "iteratons: 60")
            bad.write_text(text)
            result = l2l("validate", str(bad), check=False)
            self.assertEqual(result.returncode, 65)
            line = next(i for i, l in enumerate(text.splitlines(), 1) if "iteratons" in l)
            self.assertIn(f"bad.yaml:{line}:3", result.stderr)
            self.assertIn("iterations", result.stderr)
            self.assertNotIn("Fatal error", result.stderr)

    def test_inspect_missing_file_is_an_error_not_a_crash(self):
        result = l2l("inspect", "/nonexistent/x.h5", check=False)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("error", result.stderr)
        self.assertNotIn("Fatal error", result.stderr)

    def test_validate_every_experiment(self):
        specs = sorted(str(p) for p in (ROOT / "experiments").glob("*.yaml"))
        self.assertTrue(specs)
        l2l("validate", *specs)


if __name__ == "__main__":
    unittest.main()


class StatsTests(unittest.TestCase):
    """`l2l stats`: the study-table numbers of two paired samples (reference values: SciPy 1.17.1,
    as in Tests/L2LNumericsTests/StatisticsInferenceTests.swift)."""

    def test_paired_samples(self):
        x = "1.83,0.50,1.62,2.48,1.68,1.88,1.55,3.06,1.30"
        y = "0.878 0.647 0.598 2.05 1.06 1.29 1.06 3.14 1.29"
        report = json.loads(l2l("stats", "--json", x, y).stdout)
        self.assertAlmostEqual(report["a"]["t_low"], 1.2166123036181211, places=9)
        self.assertAlmostEqual(report["paired_t"]["p_value"], 0.016176627434908088, places=9)
        self.assertEqual(report["wilcoxon"]["method"], "wilcoxon_exact")
        self.assertAlmostEqual(report["wilcoxon"]["p_value"], 0.0390625, places=12)
        self.assertIn("paired t-test: t = 3.035", l2l("stats", x, y).stdout)

    def test_bad_input_is_a_usage_error(self):
        result = l2l("stats", "1,2", "1,2,3", check=False)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("equal lengths", result.stderr)
        self.assertIn("'x' is not a number", l2l("stats", "1,x", check=False).stderr)
