"""The l2l tool end to end, read back the way users read it (h5py, xarray, pandas, h5dump).

Runs the release binary (L2L_BIN, or `swift build -c release --show-bin-path`).
"""
import json
import os
import shutil
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
        cls.timings = os.path.join(cls.dir.name, "timings.json")
        cls.progress = l2l("run", "experiments/quickstart.yaml", "-o", cls.two, "--jobs", "2", "--timings", cls.timings).stderr

    @classmethod
    def tearDownClass(cls):
        cls.dir.cleanup()

    def test_identical_datasets_whatever_jobs(self):
        diff = subprocess.run(["h5diff", "--exclude-path", "/provenance", self.one, self.two],
                              capture_output=True, text=True)
        self.assertEqual(diff.returncode, 0, diff.stdout[-2000:] + diff.stderr[-2000:])

    def test_timings_report_what_recording_costs(self):
        t = json.loads(Path(self.timings).read_text())
        generations = 6
        self.assertEqual(len(t["commit_seconds"]), generations)
        self.assertEqual(len(t["commit_cpu_seconds"]), generations)
        self.assertEqual(set(t["recording_waits"]), {"open", "commits", "finish"})
        self.assertAlmostEqual(sum(t["recording_waits"].values()), t["recording_seconds"], places=3)
        with h5py.File(self.two, "r") as f:
            self.assertEqual(t["recorded_runs"], f["runs/run"].shape[0])
        # CPU seconds: the recorder's and the packing's are parts of the process's.
        self.assertGreater(t["recorder_cpu_seconds"], 0)
        self.assertGreater(t["packing_cpu_seconds"], 0)
        self.assertLess(t["recorder_cpu_seconds"] + t["packing_cpu_seconds"], t["process_cpu_seconds"])
        self.assertAlmostEqual(t["recorded_runs_per_cpu_second"],
                               t["recorded_runs"] / (t["recorder_cpu_seconds"] + t["packing_cpu_seconds"]), delta=1e-6 * t["recorded_runs_per_cpu_second"])

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
            self.assertEqual(int(f.attrs["format_version"]), 2)
            self.assertIn("name: quickstart", f.attrs["spec"])
            self.assertEqual(f["provenance"].attrs["status"], "complete")
            # The BLAS kernels the numbers came from (OPENBLAS_CORETYPE reproduces them elsewhere).
            self.assertIn("OpenBLAS", f["provenance"].attrs["blas"])
            self.assertTrue(f["provenance"].attrs["blas_kernels"])
            self.assertTrue(f["provenance"].attrs["cpu_vector"])
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
            # /runs: one row per inner run (generation × individual × task × repeat, then the
            # held-out phase), every per-iteration array padded to the longest run
            runs = f["runs"]
            phase = runs["phase"].asstr()[:]
            self.assertEqual(int((phase == "train").sum()), G * P * T * R)
            self.assertEqual(int((phase == "test").sum()), 8 * R)
            self.assertEqual(int((phase == "baseline").sum()), 8 * R)
            row = int(np.flatnonzero((phase == "train") & (runs["generation"][:] == 2) & (runs["individual"][:] == 3)
                                     & (runs["task"][:] == 1) & (runs["repeat"][:] == 1))[0])
            pop = int(outer["hyperparameters"][2, 3, 2])
            I = int(runs["iterations"][row])
            self.assertLessEqual(I, 60)
            N, Imax, C = runs["fitness"].shape
            self.assertEqual((N, Imax), (len(phase), 60))
            self.assertGreaterEqual(C, pop)
            fitness = runs["fitness"][row]
            status = runs["evaluation_status"][row]
            self.assertTrue(np.all(np.isfinite(fitness[:I, :pop])))
            self.assertTrue(np.all(np.isnan(fitness[:, pop:])) and np.all(status[:, pop:] == 255))
            self.assertTrue(np.all(np.isnan(fitness[I:])))
            self.assertEqual(int(runs["failed_evaluations"][row]), int(((status != 0) & (status != 255)).sum()))
            self.assertEqual(runs["candidates"].shape, (N, Imax, C, 4))
            self.assertEqual(runs["best_x"].shape, (N, Imax, 4))
            self.assertEqual(runs["state_mean"].shape, (N, Imax, 4))
            best = runs["best_fitness"][row]
            self.assertAlmostEqual(runs["final_best_fitness"][row], outer["run_final_fitness"][2, 3, 1, 1])
            self.assertAlmostEqual(runs["final_best_fitness"][row], best[I - 1])
            self.assertAlmostEqual(np.nanmax(fitness), best[I - 1])
            for name in runs:
                if name not in ("run", "iteration", "candidate", "parameter", "parameter_2"):
                    self.assertIn("description", runs[name].attrs, name)
                    self.assertIn("units", runs[name].attrs, name)
            test = f["test"]
            self.assertEqual(test["final_fitness"].shape, (8, R))
            self.assertEqual(test["baseline_final_fitness"].shape, (8, R))
            self.assertEqual(test["best_hyperparameters"].shape, (H,))
            np.testing.assert_allclose(test["best_hyperparameters"][:], outer["best_hyperparameters"][-1])

    def test_xarray_and_pandas_open_it(self):
        import pandas as pd
        import xarray as xr
        for group in ("outer", "outer/state", "runs", "test"):
            with xr.open_dataset(self.two, engine="h5netcdf", group=group) as ds:
                self.assertGreater(len(ds.data_vars), 0, group)
        with xr.open_dataset(self.two, engine="h5netcdf", group="runs") as ds:
            self.assertEqual(ds["fitness"].dims, ("run", "iteration", "candidate"))
            self.assertIn("phase", ds.coords)
            # the tidy per-run table is one call away
            table = ds[["final_best_fitness", "evaluations"]].to_dataframe()
            self.assertEqual(len(table), ds.sizes["run"])
            self.assertEqual(set(table.query("phase == 'test'").task), set(range(8)))
        tree = xr.open_datatree(self.two, engine="h5netcdf")
        self.assertEqual(tree["runs"]["final_best_fitness"].dims, ("run",))
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


class LIFBenchTests(unittest.TestCase):
    """`l2l bench lif` takes a network size and reports events/s with its roofline limit."""

    def test_size_events_and_limit(self):
        out = json.loads(l2l("bench", "lif", "--neurons", "2000", "--duration", "50", "--json").stdout)
        self.assertEqual((out["neurons"], out["synapses"]), (2000, 200_000))
        self.assertEqual(out["neuronSteps"], 2000 * 500)
        self.assertGreater(out["spikes"], 0)
        self.assertAlmostEqual(out["spikesPerS"], out["spikes"] / out["wallS"], delta=1e-6 * out["spikesPerS"])
        self.assertAlmostEqual(out["bytesMoved"], 48 * out["neuronSteps"] + 20 * out["synapticEvents"])
        self.assertGreater(out["limitBandwidthGBps"], 0)
        self.assertGreater(out["limitGFLOPS"], 0)
        self.assertAlmostEqual(out["fractionOfLimit"], out["limitWallS"] / out["wallS"], places=9)
        self.assertGreater(out["fractionOfLimit"], 0)
        self.assertNotIn("batch", out)

    def test_too_small_a_network_and_the_removed_batch_are_refused(self):
        self.assertNotEqual(l2l("bench", "lif", "--neurons", "4", check=False).returncode, 0)
        self.assertNotEqual(l2l("bench", "lif", "--batch", "2", check=False).returncode, 0)
        self.assertNotEqual(l2l("bench", "lif-batch", check=False).returncode, 0)


class BLASKernelTests(unittest.TestCase):
    """`l2l bench` reports the BLAS kernels it ran; they match the CPU, and a fallback to the
    SSE3 kernels (what OpenBLAS 0.3.21 does on CPUs it does not know) is replaced by a restart."""

    MODERN = {"Haswell", "Zen", "SkylakeX", "Cooperlake", "SapphireRapids"}
    TINY = ("bench", "enkf-update", "--parameters", "200", "--members", "10", "--outputs", "20", "--repeats", "1", "--json")

    def bench(self, env):
        result = subprocess.run([BIN, *self.TINY], cwd=ROOT, capture_output=True, text=True, env={**os.environ, **env})
        self.assertEqual(result.returncode, 0, result.stderr)
        return json.loads(result.stdout)

    def test_kernels_match_the_cpu(self):
        env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_CORETYPE"}
        out = subprocess.run([BIN, *self.TINY], cwd=ROOT, capture_output=True, text=True, env=env, check=True)
        blas = json.loads(out.stdout)["blas"]
        self.assertIn("OpenBLAS", blas["library"])
        if blas["cpuVector"] in ("avx2+fma", "avx512"):
            self.assertIn(blas["coreType"], self.MODERN)
        self.assertGreater(json.loads(out.stdout)["limitGFLOPS"], 0)

    def test_users_core_type_is_kept(self):
        blas = self.bench({"OPENBLAS_CORETYPE": "Prescott"})["blas"]
        self.assertEqual((blas["coreType"], blas["coreTypeOverride"], blas.get("coreTypeDetected")), ("Prescott", "Prescott", None))

    @unittest.skipUnless(shutil.which("cc"), "needs a C compiler for the fallback shim")
    def test_fallback_is_replaced_by_a_restart(self):
        # A preloaded openblas_get_corename answers "Prescott" while OPENBLAS_CORETYPE is unset.
        with tempfile.TemporaryDirectory() as tmp:
            source, shim = os.path.join(tmp, "shim.c"), os.path.join(tmp, "shim.so")
            Path(source).write_text(
                "#define _GNU_SOURCE\n#include <dlfcn.h>\n#include <stdlib.h>\n"
                "char *openblas_get_corename(void) {\n"
                "  if (!getenv(\"OPENBLAS_CORETYPE\")) return \"Prescott\";\n"
                "  char *(*real)(void) = (char *(*)(void))dlsym(RTLD_NEXT, \"openblas_get_corename\");\n"
                "  return real();\n}\n")
            subprocess.run(["cc", "-shared", "-fPIC", source, "-o", shim, "-ldl"], check=True)
            env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_CORETYPE"}
            env["LD_PRELOAD"] = shim
            out = subprocess.run([BIN, *self.TINY], cwd=ROOT, capture_output=True, text=True, env=env, check=True)
        blas = json.loads(out.stdout)["blas"]
        if blas["cpuVector"] not in ("avx2+fma", "avx512"):
            self.skipTest("CPU without AVX2/FMA: Prescott is kept")
        self.assertEqual(blas["coreTypeDetected"], "Prescott")
        self.assertEqual(blas["coreType"], "SkylakeX" if blas["cpuVector"] == "avx512" else "Haswell")
        self.assertEqual(blas["coreTypeOverride"], blas["coreType"])


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
