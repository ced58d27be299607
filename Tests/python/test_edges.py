"""The edges a user meets (issue 21): tampered result files, absurd and tagged specs, specs run
from another directory, runs in which nothing worked, --set, the JSON outputs.

Runs the release binary (L2L_BIN, or `swift build -c release --show-bin-path`). One tiny result
file is produced per test class; every l2l call here takes well under a second.
"""
import json
import os
import random
import re
import shutil
import subprocess
import tempfile
import unittest
from pathlib import Path

import h5py
import numpy as np

from test_cli import BIN, ROOT

TINY = ROOT / "Tests/fixtures/tiny.yaml"


def run(*args, cwd=ROOT, env=None, timeout=120):
    return subprocess.run([BIN, *args], cwd=cwd, capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})})


class TamperedFileTests(unittest.TestCase):
    """Every tampered copy of a small result file: `inspect`, `inspect --json`, `plot` and `resume`
    end without a signal; a crafted damage is an error naming the file and the object."""

    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.TemporaryDirectory()
        cls.good = os.path.join(cls.dir.name, "good.h5")
        result = run("run", str(TINY), "-o", cls.good, "--quiet", "--jobs", "2")
        assert result.returncode == 0, result.stderr
        cls.crashes = []

    @classmethod
    def tearDownClass(cls):
        cls.dir.cleanup()

    def copy(self, name, resumable=True):
        path = os.path.join(self.dir.name, name)
        shutil.copyfile(self.good, path)
        if resumable:  # As if interrupted: resume would continue it.
            with h5py.File(path, "r+") as f:
                f["provenance"].attrs["status"] = "running"
                del f["provenance"].attrs["pid"]
        return path

    def commands(self, path):
        return [("inspect", path), ("inspect", "--json", path), ("plot", path, "-o", path + "-plots"), ("resume", path, "--quiet")]

    def check_no_crash(self, path):
        results = {}
        for command in self.commands(path):
            result = run(*command, timeout=60)
            self.assertGreaterEqual(result.returncode, 0, f"{command} killed by signal {-result.returncode}\n{result.stderr[-2000:]}")
            self.assertLess(result.returncode, 128, f"{command}: {result.stderr[-2000:]}")
            self.assertNotIn("Fatal error", result.stderr, command)
            if result.returncode != 0:
                self.assertIn("error", result.stderr.lower(), command)
            results[command[0] + ("-json" if "--json" in command else "")] = result
        return results

    def check_named(self, path, obj, commands=("inspect", "plot", "resume")):
        results = self.check_no_crash(path)
        for name in commands:
            result = results[name]
            self.assertNotEqual(result.returncode, 0, f"{name} accepted a damaged {obj}")
            self.assertIn(os.path.basename(path), result.stderr, name)
            self.assertIn(obj, result.stderr, name)

    def tamper(self, name, edit, resumable=True):
        path = self.copy(name, resumable)
        with h5py.File(path, "r+") as f:
            edit(f)
        return path

    def test_absurd_checkpoint_counts(self):
        for value in (-5, 10**12, 2**62):
            path = self.tamper(f"gen{value}.h5", lambda f: f["checkpoint"].attrs.__setitem__("completed_generations", value))
            self.check_named(path, "/checkpoint@completed_generations", commands=("resume",))
            with h5py.File(path) as f:  # Nothing was changed by the refused resume.
                self.assertEqual(f["outer/fitness"].shape[0], 3)

    def test_wrong_attribute_types(self):
        path = self.tamper("gen-str.h5", lambda f: f["checkpoint"].attrs.__setitem__("completed_generations", "three"))
        self.check_named(path, "/checkpoint@completed_generations", commands=("resume",))
        path = self.tamper("gen-real.h5", lambda f: f["checkpoint"].attrs.__setitem__("completed_generations", 2.5))
        self.check_named(path, "/checkpoint@completed_generations", commands=("inspect", "resume"))
        path = self.tamper("test-mean.h5", lambda f: f["test"].attrs.__setitem__("mean_fitness", "high"), resumable=False)
        self.check_named(path, "/test@mean_fitness", commands=("inspect",))

    def test_damaged_checkpoint_state_names_the_file(self):
        for index, state in enumerate(["{}", "not json", '{"random": 1}']):
            path = self.tamper(f"state{index}.h5", lambda f: f["checkpoint"].attrs.__setitem__("outer_optimizer_state", state))
            results = self.check_no_crash(path)
            self.assertNotEqual(results["resume"].returncode, 0)
            self.assertIn(os.path.basename(path), results["resume"].stderr)
            self.assertIn("/checkpoint@outer_optimizer_state", results["resume"].stderr)

    def test_wrong_shapes(self):
        def replace(name, value):
            def edit(f):
                del f[name]
                f[name] = value
            return edit

        both, inspect, plot = ("inspect", "plot"), ("inspect",), ("plot",)
        cases = {
            "fitness-1d.h5": ("outer/fitness", np.zeros(3), both),
            "fitness-strings.h5": ("outer/fitness", np.array([b"a", b"b"]), both),
            "fitness-strings-2d.h5": ("outer/fitness", np.array([[b"a"] * 4] * 3), plot),
            "mean-short.h5": ("outer/mean_fitness", np.zeros(2), both),
            "best-hp-1d.h5": ("outer/best_hyperparameters", np.zeros(4), inspect),
            "names-2d.h5": ("outer/hyperparameter_name", np.zeros((2, 2)), both),
            "hp-2d.h5": ("outer/hyperparameters", np.zeros((3, 4)), plot),
            "curve-1d.h5": ("test/best_curve", np.zeros(5), plot),
        }
        for file_name, (name, value, commands) in cases.items():
            path = self.tamper(file_name, replace(name, value), resumable=False)
            self.check_named(path, "/" + name, commands=commands)

    def test_resume_refuses_rows_it_cannot_append_to(self):
        def reshape(name, shape):
            def edit(f):
                del f[name]
                f.create_dataset(name, shape=shape, maxshape=(None,) + shape[1:], chunks=True, dtype="f8")
            return edit

        for file_name, name, shape in [("mean-2d.h5", "outer/mean_fitness", (3, 2)),
                                       ("finals-short.h5", "outer/run_final_fitness", (3, 4, 1, 2))]:
            path = self.tamper(file_name, reshape(name, shape))
            with h5py.File(path, "r+") as f:  # Resume must append a generation, not only redo the test phase.
                f["checkpoint"].attrs["completed_generations"] = 2
            self.check_named(path, "/" + name, commands=("resume",))

    def test_absurd_extent_is_refused_before_reading(self):
        def edit(f):
            del f["outer/fitness"]
            f.create_dataset("outer/fitness", shape=(10**9, 10**3), maxshape=(None, 10**3), chunks=(1, 1000), dtype="f8")
        path = self.tamper("huge.h5", edit, resumable=False)
        self.check_named(path, "/outer/fitness", commands=("inspect", "plot"))

    def test_missing_and_replaced_groups(self):
        def drop(name):
            return lambda f: f.__delitem__(name)

        def as_dataset(name):
            def edit(f):
                del f[name]
                f[name] = np.zeros(2)
            return edit

        for file_name, edit, obj in [
            ("no-outer.h5", drop("outer"), "/outer"), ("outer-data.h5", as_dataset("outer"), "/outer"),
            ("runs-data.h5", as_dataset("runs"), "/runs"), ("no-names.h5", drop("outer/hyperparameter_name"), "/outer/hyperparameter_name"),
        ]:
            path = self.tamper(file_name, edit, resumable=False)
            self.check_named(path, obj, commands=("inspect",))

    def test_a_reader_that_crashes_libhdf5_is_a_clean_error(self):
        """inspect and plot read in a child process; a child killed by a signal (as libhdf5 1.10 is
        by some damaged global heaps, simulated here) is reported as a damaged file, exit 1."""
        environment = dict(os.environ, L2L_TEST_READER_CRASH="1")
        for command in (("inspect", self.good), ("plot", self.good, "-o", self.good + "-crash-plots")):
            result = subprocess.run([BIN, *command], cwd=ROOT, capture_output=True, text=True, env=environment, timeout=60)
            self.assertEqual(result.returncode, 1, result.stderr)
            self.assertIn("is damaged: reading it crashed libhdf5 (signal 11)", result.stderr)
            self.assertIn(os.path.basename(self.good), result.stderr)

    def test_flipped_bytes_never_crash(self):
        """Random bit flips in the stored data of every dataset (values, compressed chunks,
        fixed-length strings). Flips in HDF5's own metadata and global heap are left out: libhdf5 1.10 does not
        checksum the global heap and can crash on it (H5HG_read), which no reader in the process can
        prevent; truncated and overwritten files are test_resume.HostileFileTests."""
        ranges = []
        with h5py.File(self.good) as f:
            def collect(name, obj):
                if not isinstance(obj, h5py.Dataset) or obj.id.get_storage_size() == 0:
                    return
                if obj.dtype.kind == "O":
                    return  # Variable-length values are references into the global heap (see above).
                if obj.chunks is None:
                    offset = obj.id.get_offset()
                    if offset is not None:
                        ranges.append((offset, obj.id.get_storage_size()))
                else:
                    for index in range(obj.id.get_num_chunks()):
                        info = obj.id.get_chunk_info(index)
                        ranges.append((info.byte_offset, info.size))
            f.visititems(collect)
        self.assertGreater(len(ranges), 20)
        data = Path(self.good).read_bytes()
        rng = random.Random(21)
        for index in range(8):
            damaged = bytearray(data)
            for offset, size in rng.sample(ranges, 16):
                position = offset + rng.randrange(size)
                damaged[position] ^= 1 << rng.randrange(8)
            path = os.path.join(self.dir.name, f"flipped{index}.h5")
            Path(path).write_bytes(bytes(damaged))
            self.check_no_crash(path)


class HostileSpecTests(unittest.TestCase):
    """Absurd sizes and YAML tags are refused by `validate` and by `run` (exit 65, file:line:column
    and key); file-level problems have a position where one exists."""

    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.TemporaryDirectory()
        cls.env = {"L2L_DATA_PATH": str(ROOT)}  # Specs written here find the repository's data/.

    @classmethod
    def tearDownClass(cls):
        cls.dir.cleanup()

    def write(self, name, text):
        path = Path(self.dir.name) / name
        path.write_text(text)
        return str(path)

    def refused(self, path, key, run_too=True):
        for command in (("validate", path),) + ((("run", path, "-o", path + ".h5", "--quiet"),) if run_too else ()):
            result = run(*command, env=self.env, timeout=60)
            self.assertEqual(result.returncode, 65, f"{command}: {result.stdout[-500:]}{result.stderr[-1500:]}")
            self.assertRegex(result.stderr, re.escape(os.path.basename(path)) + r":\d+:\d+: error: ")
            self.assertIn(key, result.stderr, command)
            self.assertFalse(os.path.exists(path + ".h5"), "run wrote a file for a refused spec")

    def test_absurd_size_campaign(self):
        tiny = TINY.read_text()
        digits = (ROOT / "experiments/enkf-digits.yaml").read_text()
        sub = lambda text, old, new: text.replace(old, new, 1) if old in text else self.fail(f"{old!r} not in spec")
        campaign = [
            ("tasks.train.count", sub(sub(tiny, "train: {count: 2", "train: {count: 100000"), "repeats: 2", "repeats: 10000")),
            ("tasks.test.count", sub(sub(tiny, "test: {count: 3", "test: {count: 100000"), "repeats: 2", "repeats: 10000")),
            ("optimizee.classifier.hidden_layers", sub(digits, "hidden_layers: [32]", "hidden_layers: [100000, 100000, 100000]")),
            ("optimizee.classifier.hidden_layers", sub(sub(digits, "hidden_layers: [32]", "hidden_layers: [100000, 100000]"),
                                                       "dataset: digits8x8", "dataset: mnist5k")),
            ("record.covariance", sub(digits, "covariance: diagonal ", "covariance: full ")),
            ("optimizee.function.dimension", sub(tiny, "dimension: 3", "dimension: 1000000000")),
            ("inner.population", sub(tiny, "  population: 8", "  population: 1000000000000")),
            ("outer.population", sub(tiny, "population: 4", "population: 100000000")),
            ("inner.iterations", sub(tiny, "iterations: 8", "iterations: 1000000000000000")),
            ("tasks.repeats", sub(tiny, "repeats: 2", "repeats: 100000000")),
            ("tasks.train.count", sub(tiny, "train: {count: 2", "train: {count: 10000000000")),
            ("optimizee.classifier.train_per_class", sub(digits, "train_per_class: 100", "train_per_class: 1000000")),
            ("outer.iterations", sub(tiny, "iterations: 3", "iterations: 1000000000000000")),
            ("seed", sub(tiny, "seed: 7", "seed: 1e400")),
            ("outer.search_space[2].high", sub(tiny, "low: 6, high: 12", "low: 6, high: 100000000000")),
        ]
        self.assertEqual(len(campaign), 15)
        for index, (key, text) in enumerate(campaign):
            with self.subTest(key=key, index=index):
                self.refused(self.write(f"absurd{index}.yaml", text), key, run_too=index < 6)

    def test_tags_are_refused_with_their_position(self):
        tiny = TINY.read_text()
        for index, (old, new, key) in enumerate([
            ("seed: 7", "seed: !!str 42", "seed"),
            ("name: tiny", "name: !!python/object:os.system ls", "name"),
            ("optimizer: cem", "optimizer: !custom cem", "inner.optimizer"),
            ("iterations: 8", "iterations: !!float 8", "inner.iterations"),
        ]):
            path = self.write(f"tag{index}.yaml", tiny.replace(old, new, 1))
            line = next(i for i, l in enumerate(tiny.replace(old, new, 1).splitlines(), 1) if new in l)
            result = run("validate", path)
            self.assertEqual(result.returncode, 65, result.stdout)
            self.assertIn(f"tag{index}.yaml:{line}:", result.stderr)
            self.assertIn("tag", result.stderr)
            self.assertIn(key, result.stderr)
        harmless = self.write("tag-ok.yaml", tiny.replace("seed: 7", "seed: !!int 7", 1))
        self.assertEqual(run("validate", harmless).returncode, 0)

    def test_file_level_errors(self):
        cases = {
            "empty.yaml": (b"", "empty"),
            "huge.yaml": (b"# " + b"x" * (300 << 10), "KiB"),
            "utf8.yaml": (b"name: tiny\nseed: \xff\n", "UTF-8"),
            "syntax.yaml": (b"name: tiny\nseed: [1, 2\n", "YAML"),
        }
        for name, (content, needle) in cases.items():
            path = Path(self.dir.name) / name
            path.write_bytes(content)
            result = run("validate", str(path))
            self.assertEqual(result.returncode, 65, name)
            self.assertIn(needle, result.stderr, name)
            if name in ("utf8.yaml", "syntax.yaml"):
                self.assertRegex(result.stderr, name + r":\d+:\d+: error")


class UserPathTests(unittest.TestCase):
    """The repository's specs from another working directory; runs in which nothing worked; --set."""

    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.TemporaryDirectory()

    @classmethod
    def tearDownClass(cls):
        cls.dir.cleanup()

    def test_every_experiment_validates_from_another_directory(self):
        specs = sorted(str(p) for p in (ROOT / "experiments").glob("*.yaml"))
        result = run("validate", *specs, cwd=self.dir.name)
        self.assertEqual(result.returncode, 0, result.stderr[-3000:])

    def test_digits_spec_runs_from_another_directory_with_set(self):
        out = os.path.join(self.dir.name, "digits.h5")
        overrides = ["outer.iterations=1", "outer.population=2", "inner.iterations=3", "tasks.train.count=1", "tasks.test.count=1"]
        args = [a for o in overrides for a in ("--set", o)]
        result = run("run", str(ROOT / "experiments/enkf-digits.yaml"), "-o", out, "--quiet", *args, cwd=self.dir.name)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("0 failed runs", result.stdout)
        summary = json.loads(run("inspect", "--json", out).stdout)
        self.assertEqual(summary["generations"], 1)
        self.assertEqual(summary["population"], 2)
        self.assertEqual(summary["failure_reasons"], [])
        self.assertIsInstance(summary["best_hyperparameters"][1]["value"], int)
        with h5py.File(out) as f:
            spec = f.attrs["spec"]
            spec = spec.decode() if isinstance(spec, bytes) else spec
        self.assertIn("--set outer.iterations=1", spec)
        self.assertIn("iterations: 3", spec)

    def test_resume_applies_set_again(self):
        """Killed after the last generation: resume redoes the held-out phase with the recorded
        spec, so the file equals the uninterrupted one only if the overrides are applied again."""
        whole = os.path.join(self.dir.name, "set-whole.h5")
        part = os.path.join(self.dir.name, "set-part.h5")
        args = ["--quiet", "--set", "inner.iterations=5", "--set", "seed=11"]
        self.assertEqual(run("run", str(TINY), "-o", whole, *args).returncode, 0)
        shutil.copyfile(whole, part)
        with h5py.File(part, "r+") as f:
            del f["test"]
            f["provenance"].attrs["status"] = "running"
            del f["provenance"].attrs["pid"]
        result = run("resume", part, "--quiet")
        self.assertEqual(result.returncode, 0, result.stderr)
        diff = subprocess.run(["h5diff", "--exclude-path", "/provenance", whole, part], capture_output=True, text=True)
        self.assertEqual(diff.returncode, 0, diff.stdout[-1500:])
        with h5py.File(part) as f:
            self.assertEqual(f.attrs["seed"], 11)
            self.assertEqual(f["test/best_curve"].shape[-1], 5)

    def test_set_is_validated_like_the_file(self):
        bad = run("run", str(TINY), "-o", os.path.join(self.dir.name, "bad.h5"), "--set", "inner.populaton=3")
        self.assertEqual(bad.returncode, 65)
        self.assertIn("inner.populaton", bad.stderr)
        bad = run("run", str(TINY), "-o", os.path.join(self.dir.name, "bad.h5"), "--set", "inner.population=-3")
        self.assertEqual(bad.returncode, 65)
        self.assertIn("assigned value", bad.stderr)

    def test_nothing_worked_exits_3_with_reasons(self):
        out = os.path.join(self.dir.name, "failed.h5")
        result = run("run", str(TINY), "-o", out, "--quiet", "--set", "inner.evaluation_time_limit=0.000000001")
        self.assertEqual(result.returncode, 3, result.stderr)
        self.assertIn("failure reasons", result.stdout)
        self.assertIn("time limit", result.stdout)
        self.assertIn("tuned -inf", result.stdout)
        text = run("inspect", out).stdout
        self.assertIn("failure reasons", text)
        summary = json.loads(run("inspect", "--json", out).stdout)
        self.assertTrue(summary["failure_reasons"])
        self.assertGreater(summary["failure_reasons"][0]["count"], 0)
        self.assertEqual(summary["test_mean_fitness"], "-inf")

    def test_json_outputs(self):
        report = run("validate", "--json", str(TINY))
        self.assertEqual(report.returncode, 0)
        parsed = json.loads(report.stdout)
        self.assertTrue(parsed[0]["ok"])
        self.assertIn("evaluations alone take roughly", parsed[0]["summary"])
        self.assertIn(f"{3 * 4 * 2 * 2 + 2 * 3 * 2} inner runs", parsed[0]["summary"])
        self.assertNotIn("\\/", report.stdout)
        bad = Path(self.dir.name) / "bad.yaml"
        bad.write_text(TINY.read_text().replace("iterations: 8", "iterations: -8"))
        report = run("validate", "--json", str(bad))
        self.assertEqual(report.returncode, 65)
        issue = json.loads(report.stdout)[0]["issues"][0]
        self.assertEqual(issue["key_path"], "inner.iterations")
        self.assertIsInstance(issue["line"], int)


if __name__ == "__main__":
    unittest.main()
