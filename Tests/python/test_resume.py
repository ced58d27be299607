"""Nothing lost: kill -9 a real `l2l run` at random moments, then resume; hostile result files.

Runs the release binary (L2L_BIN, or `swift build -c release --show-bin-path`).
"""
import os
import random
import shutil
import signal
import subprocess
import tempfile
import time
import unittest
from pathlib import Path

import h5py

from test_cli import BIN, ROOT, l2l


def h5diff(a, b):
    return subprocess.run(["h5diff", "--exclude-path", "/provenance", a, b], capture_output=True, text=True)


class ResumeTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.TemporaryDirectory()
        cls.full = os.path.join(cls.dir.name, "full.h5")
        start = time.monotonic()
        l2l("run", "experiments/quickstart.yaml", "-o", cls.full, "--quiet", "--jobs", "2")
        cls.duration = time.monotonic() - start

    @classmethod
    def tearDownClass(cls):
        cls.dir.cleanup()

    def test_killed_at_random_moments_resumes_to_identical_datasets(self):
        rng = random.Random(2026)
        delays = sorted(rng.uniform(0.15, 0.95) * self.duration for _ in range(5))
        resumed = 0
        for index, delay in enumerate(delays):
            path = os.path.join(self.dir.name, f"killed-{index}.h5")
            process = subprocess.Popen([BIN, "run", "experiments/quickstart.yaml", "-o", path, "--quiet", "--jobs", "2"],
                                       cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(delay)
            process.send_signal(signal.SIGKILL)
            process.wait()
            if not os.path.exists(path):
                continue  # killed before the file was created: nothing to resume
            # The file is complete at every moment: h5py opens it without h5clear.
            with h5py.File(path, "r") as f:
                done = int(f["checkpoint"].attrs["completed_generations"])
                self.assertEqual(f["outer/fitness"].shape[0] if "fitness" in f["outer"] else 0, done)
            result = l2l("resume", path, "--quiet", "--jobs", "1", check=False)
            self.assertEqual(result.returncode, 0, f"delay {delay:.2f}s: {result.stderr}")
            diff = h5diff(self.full, path)
            self.assertEqual(diff.returncode, 0, f"delay {delay:.2f}s, {done} generations done:\n{diff.stdout[-1500:]}")
            self.assertFalse(os.path.exists(path + ".partial"))
            self.assertFalse(os.path.exists(path + ".parts"), "the finished file is self-contained")
            resumed += 1
        self.assertGreater(resumed, 0)

    def test_killed_before_its_first_commit_resumes_to_identical_datasets(self):
        # A file with no completed generation yet (its header only) resumes like any other: the
        # rollback keeps the hyperparameter table's axis (it once shrank it to 0 rows).
        settings = ("--set", "outer.iterations=2", "--set", "outer.population=300")
        with tempfile.TemporaryDirectory() as d:
            full = os.path.join(d, "full.h5")
            l2l("run", "bench/recording/many-runs.yaml", "-o", full, "--quiet", *settings)
            path = os.path.join(d, "early.h5")
            process = subprocess.Popen([BIN, "run", "bench/recording/many-runs.yaml", "-o", path, "--quiet", *settings],
                                       cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            end = time.monotonic() + 60
            while not os.path.exists(path) and time.monotonic() < end and process.poll() is None:
                time.sleep(0.005)
            process.send_signal(signal.SIGKILL)
            process.wait()
            with h5py.File(path, "r") as f:
                self.assertEqual(int(f["checkpoint"].attrs["completed_generations"]), 0)
            result = l2l("resume", path, "--quiet", check=False)
            self.assertEqual(result.returncode, 0, result.stderr)
            diff = h5diff(full, path)
            self.assertEqual(diff.returncode, 0, diff.stdout[-1500:])

    def test_resume_with_a_different_spec_is_refused(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "r.h5")
            process = subprocess.Popen([BIN, "run", "experiments/quickstart.yaml", "-o", path, "--quiet"], cwd=ROOT,
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(0.4 * self.duration)
            process.send_signal(signal.SIGKILL)
            process.wait()
            other = Path(d) / "other.yaml"
            other.write_text((ROOT / "experiments/quickstart.yaml").read_text().replace("seed: 42", "seed: 43"))
            result = l2l("run", str(other), "--resume", path, check=False)
            self.assertEqual(result.returncode, 1)
            self.assertIn("seed: 42 in the file, 43 given", result.stderr)
            self.assertNotIn("Fatal error", result.stderr)

    def test_a_killed_run_at_a_scale_resumes_at_that_scale(self):
        with tempfile.TemporaryDirectory() as d:
            spec = Path(d) / "scaled.yaml"
            spec.write_text((ROOT / "experiments/quickstart.yaml").read_text()
                            + "\nscales:\n  longer:\n    outer: {iterations: 8}\n    tasks: {repeats: 1}\n")
            whole = os.path.join(d, "whole.h5")
            start = time.monotonic()
            l2l("run", str(spec), "--scale", "longer", "-o", whole, "--quiet", "--jobs", "2")
            duration = time.monotonic() - start
            with h5py.File(whole, "r") as f:
                self.assertEqual(f.attrs["scale"], "longer")
                self.assertEqual(f["outer/fitness"].shape[0], 8)
            self.assertIn("at scale longer", l2l("inspect", whole).stdout)
            path = os.path.join(d, "killed.h5")
            for _ in range(3):  # until the kill lands after the first generation and before the last
                process = subprocess.Popen([BIN, "run", str(spec), "--scale", "longer", "-o", path, "--quiet", "--jobs", "2"],
                                           cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                time.sleep(0.5 * duration)
                process.send_signal(signal.SIGKILL)
                process.wait()
                if os.path.exists(path):
                    with h5py.File(path, "r") as f:
                        if 0 < int(f["checkpoint"].attrs["completed_generations"]) < 8:
                            break
            refused = l2l("run", str(spec), "--resume", path, check=False)
            self.assertEqual(refused.returncode, 1)
            self.assertIn("scale: 'longer' in the file, none given", refused.stderr)
            l2l("resume", path, "--quiet", "--jobs", "1")
            diff = h5diff(whole, path)
            self.assertEqual(diff.returncode, 0, diff.stdout[-1500:])

    def test_resume_of_a_complete_run_does_nothing(self):
        result = l2l("resume", self.full, check=False)
        self.assertEqual(result.returncode, 0)
        self.assertIn("complete", result.stderr)

    def test_resume_of_a_complete_run_removes_parts_left_by_a_killed_finish(self):
        # A finish killed between replacing the file and removing its parts (the random-kill test
        # above met this window once) leaves `<file>.parts` beside a complete file.
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "done.h5")
            shutil.copy(self.full, path)
            os.makedirs(path + ".parts")
            with open(os.path.join(path + ".parts", "g0000.h5"), "wb") as f:
                f.write(b"stale")
            result = l2l("resume", path, check=False)
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertIn("complete", result.stderr)
            self.assertFalse(os.path.exists(path + ".parts"))
            self.assertEqual(h5diff(self.full, path).returncode, 0)


class HostileFileTests(unittest.TestCase):
    def check_clean_error(self, path, *commands):
        for command in commands:
            result = l2l(*command, path, check=False)
            self.assertNotEqual(result.returncode, 0, command)
            self.assertIn("error", result.stderr.lower(), command)
            self.assertNotIn("Fatal error", result.stderr, command)
            self.assertLess(result.returncode, 128, f"{command} crashed with a signal")

    def test_truncated_corrupt_and_foreign_files(self):
        with tempfile.TemporaryDirectory() as d:
            source = os.path.join(d, "good.h5")
            l2l("run", "Tests/fixtures/tiny.yaml", "-o", source, "--quiet")
            data = Path(source).read_bytes()
            cases = {
                "truncated.h5": data[: len(data) // 2],
                "header-only.h5": data[:512],
                "random.h5": random.Random(1).randbytes(4096),
                "empty.h5": b"",
                "corrupt.h5": data[:2048] + bytes(b ^ 0xFF for b in data[2048:6144]) + data[6144:],
            }
            for name, content in cases.items():
                path = os.path.join(d, name)
                Path(path).write_bytes(content)
                self.check_clean_error(path, ("inspect",), ("resume",))
            foreign = os.path.join(d, "foreign.h5")
            with h5py.File(foreign, "w") as f:
                f["x"] = [1, 2, 3]
            self.check_clean_error(foreign, ("inspect",), ("resume",))
            self.check_clean_error(os.path.join(d, "missing.h5"), ("inspect",), ("resume",))


if __name__ == "__main__":
    unittest.main()


class DiskFullTests(unittest.TestCase):
    """A write that fails (here: the file-size limit, which fails writes with EFBIG as a full
    disk fails them with ENOSPC) stops the run with a clear message; the file keeps every
    completed generation and resumes to the uninterrupted result."""

    def test_write_failure_keeps_completed_generations(self):
        import resource

        with tempfile.TemporaryDirectory() as d:
            full = os.path.join(d, "full.h5")
            l2l("run", "experiments/quickstart.yaml", "-o", full, "--quiet")
            limit = os.path.getsize(full) // 2

            def limit_file_size():
                signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
                resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

            path = os.path.join(d, "limited.h5")
            result = subprocess.run([BIN, "run", "experiments/quickstart.yaml", "-o", path, "--quiet"], cwd=ROOT,
                                    capture_output=True, text=True, preexec_fn=limit_file_size)
            self.assertEqual(result.returncode, 1, result.stderr)
            self.assertIn("error:", result.stderr)
            self.assertIn("l2l resume", result.stderr)
            self.assertNotIn("Fatal error", result.stderr)
            with h5py.File(path, "r") as f:
                done = int(f["checkpoint"].attrs["completed_generations"])
                # Each generation's part file is small; the limit is reached by a generation's
                # part or by the consolidated file at the end, after the last generation.
                self.assertGreater(done, 0)
                self.assertLessEqual(done, 6)
                self.assertNotEqual(f["provenance"].attrs["status"], "complete")
                self.assertEqual(f["outer/fitness"].shape[0], done)
            self.assertFalse(os.path.exists(path + ".partial"))
            l2l("resume", path, "--quiet")
            self.assertEqual(h5diff(full, path).returncode, 0)

    def test_a_file_that_cannot_be_created_stops_the_run_with_a_clear_message(self):
        # The new file is written by the recorder while generation 0 runs; a limit that fails that
        # write stops the run at its first commit, says the file was not created, and does not crash.
        import resource

        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "tiny.h5")

            def limit_file_size():
                signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
                resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

            result = subprocess.run([BIN, "run", "experiments/quickstart.yaml", "-o", path, "--quiet"], cwd=ROOT,
                                    capture_output=True, text=True, preexec_fn=limit_file_size)
            self.assertEqual(result.returncode, 1, result.stderr)
            self.assertIn("was not created", result.stderr)
            self.assertNotIn("crashed", result.stderr)
            self.assertFalse(os.path.exists(path))
            self.assertFalse(os.path.exists(path + ".partial"))
