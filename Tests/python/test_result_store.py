"""One writer per file, no silent overwrite, a clean stop on SIGINT, and readers that know a dead
writer from a live one (docs/file-format.md, "Writing a result file").

Runs the release binary (L2L_BIN, or `swift build -c release --show-bin-path`).
"""
import os
import signal
import subprocess
import tempfile
import time
import unittest
from pathlib import Path

import h5py
import numpy as np

from test_cli import BIN, ROOT, l2l


def completed_generations(path):
    try:
        with h5py.File(path, "r") as f:
            return int(f["checkpoint"].attrs["completed_generations"])
    except (OSError, KeyError):
        return -1


def start_run(spec, path, *extra, env=None):
    return subprocess.Popen([BIN, "run", spec, "-o", path, "--quiet", "--jobs", "1", *extra], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)




def wait_for_generations(path, count, process, timeout=120):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if completed_generations(path) >= count:
            return True
        if process.poll() is not None:
            return False
        time.sleep(0.05)
    return False


class OutputTests(unittest.TestCase):
    def test_existing_files_are_not_replaced_without_overwrite(self):
        with tempfile.TemporaryDirectory() as d:
            notes = Path(d) / "notes.h5"
            notes.write_text("my notes\n")
            refused = l2l("run", "Tests/fixtures/tiny.yaml", "-o", str(notes), "--quiet", check=False)
            self.assertNotEqual(refused.returncode, 0)
            self.assertIn("exists", refused.stderr)
            self.assertIn("--overwrite", refused.stderr)
            self.assertEqual(notes.read_text(), "my notes\n")

            result = os.path.join(d, "tiny.h5")
            l2l("run", "Tests/fixtures/tiny.yaml", "-o", result, "--quiet")
            before = Path(result).read_bytes()
            again = l2l("run", "Tests/fixtures/tiny.yaml", "-o", result, "--quiet", check=False)
            self.assertNotEqual(again.returncode, 0)
            self.assertIn("complete result of the experiment 'tiny'", again.stderr)
            self.assertEqual(Path(result).read_bytes(), before)

            l2l("run", "Tests/fixtures/tiny.yaml", "-o", result, "--quiet", "--overwrite")
            with h5py.File(result, "r") as f:
                self.assertEqual(f["provenance"].attrs["status"], "complete")
            self.assertFalse(os.path.exists(result + ".lock"))
            self.assertFalse(os.path.exists(result + ".parts"))

    def test_the_spec_itself_is_never_the_output(self):
        with tempfile.TemporaryDirectory() as d:
            spec = Path(d) / "tiny.yaml"
            text = (ROOT / "Tests/fixtures/tiny.yaml").read_text()
            spec.write_text(text)
            result = l2l("run", str(spec), "-o", str(spec), "--overwrite", check=False)
            self.assertNotEqual(result.returncode, 0)
            self.assertIn("is the spec being run", result.stderr)
            self.assertEqual(spec.read_text(), text)


class WriterTests(unittest.TestCase):
    def test_a_second_writer_is_refused_and_the_first_finishes_intact(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "q.h5")
            first = start_run("experiments/quickstart.yaml", path)
            self.assertTrue(wait_for_generations(path, 1, first), first.stderr.read() if first.poll() is not None else "")
            second = l2l("run", "experiments/quickstart.yaml", "-o", path, "--quiet", "--overwrite", check=False)
            self.assertNotEqual(second.returncode, 0)
            self.assertIn(f"process {first.pid}", second.stderr)
            resume = l2l("resume", path, "--quiet", check=False)
            self.assertNotEqual(resume.returncode, 0)
            self.assertIn("being written", resume.stderr)
            live = l2l("inspect", path).stdout
            self.assertIn(f"written by process {first.pid}", live)
            _, first_stderr = first.communicate(timeout=300)
            self.assertEqual(first.returncode, 0, first_stderr)
            with h5py.File(path, "r") as f:
                self.assertEqual(f["provenance"].attrs["status"], "complete")
                self.assertEqual(f["outer/fitness"].shape[0], int(f["checkpoint"].attrs["completed_generations"]))

    def test_sigint_stops_cleanly_and_the_run_resumes_to_the_same_result(self):
        with tempfile.TemporaryDirectory() as d:
            full = os.path.join(d, "full.h5")
            l2l("run", "experiments/quickstart.yaml", "-o", full, "--quiet")
            path = os.path.join(d, "stopped.h5")
            process = start_run("experiments/quickstart.yaml", path)
            self.assertTrue(wait_for_generations(path, 2, process))
            process.send_signal(signal.SIGINT)
            _, stderr = process.communicate(timeout=60)
            self.assertEqual(process.returncode, 130, stderr)
            self.assertIn("stopped by SIGINT", stderr)
            self.assertIn(f"l2l resume {path}", stderr)
            self.assertFalse(os.path.exists(path + ".partial"))
            done = completed_generations(path)
            self.assertGreaterEqual(done, 2)
            # Readers see the completed generations (through the part files) and a dead writer.
            self.assertTrue(os.path.isdir(path + ".parts"))
            with h5py.File(path, "r") as f:
                self.assertEqual(f["outer/fitness"].shape[0], done)
                self.assertEqual(f["runs/generation"][-1], done - 1)
                self.assertTrue(f["runs/fitness"].is_virtual)
                self.assertEqual(f["runs/fitness"].shape[0], f["runs/generation"].shape[0])
                self.assertTrue(np.any(np.isfinite(f["runs/fitness"][-1, 0])))  # the view reads the part
                # Per-run columns are views of the parts too (a commit's cost does not grow with the runs before).
                self.assertTrue(f["runs/phase"].is_virtual)
                self.assertTrue(f["runs/final_best_fitness"].is_virtual)
                self.assertEqual(set(f["runs/phase"].asstr()[:]), {"train"})
                self.assertEqual(list(f["runs/generation"][:]), sorted(f["runs/generation"][:]))
            inspected = l2l("inspect", path).stdout
            self.assertIn("interrupted", inspected)
            follow = subprocess.run([BIN, "inspect", path, "--follow", "--interval", "0.05"], cwd=ROOT,
                                    capture_output=True, text=True, timeout=30)
            self.assertNotEqual(follow.returncode, 0)
            self.assertIn("writer", follow.stderr)
            self.assertIn("is gone", follow.stderr)
            resumed = subprocess.run([BIN, "resume", path, "--quiet"], cwd=ROOT, capture_output=True, text=True)
            self.assertEqual(resumed.returncode, 0, resumed.stderr)
            with h5py.File(path, "r") as f:  # self-contained: real arrays, not views of the parts
                self.assertFalse(f["runs/fitness"].is_virtual)
                self.assertFalse(f["runs/phase"].is_virtual)
                self.assertIn("test", set(f["runs/phase"].asstr()[:]))
            diff = subprocess.run(["h5diff", "-q", "--exclude-path", "/provenance", full, path], capture_output=True)
            self.assertEqual(diff.returncode, 0)
            self.assertFalse(os.path.exists(path + ".parts"))


class SegmentTests(unittest.TestCase):
    """A long run maps every 16 generations through a segment (a file of views over their parts): killed
    with -9, its file still reads as one cube in h5py and xarray, and it resumes to the uninterrupted result."""

    SPEC = "bench/recording/many-runs.yaml"
    SETTINGS = ("--set", "outer.iterations=120", "--set", "outer.population=5", "--set", "tasks.train.count=4")

    def test_a_killed_long_run_reads_through_segments_and_resumes(self):
        import xarray as xr

        with tempfile.TemporaryDirectory() as d:
            full = os.path.join(d, "full.h5")
            l2l("run", self.SPEC, "-o", full, "--quiet", *self.SETTINGS)
            path = os.path.join(d, "killed.h5")
            process = start_run(self.SPEC, path, *self.SETTINGS)
            reached = wait_for_generations(path, 34, process)
            process.kill()
            process.communicate(timeout=60)
            self.assertTrue(reached, "the run ended before 34 generations")
            names = os.listdir(path + ".parts")
            self.assertIn("s0000.h5", names)
            self.assertIn("s0016.h5", names)
            done = completed_generations(path)
            with h5py.File(path, "r") as f:
                generation = f["runs/generation"][:]
                self.assertTrue(f["runs/generation"].is_virtual)
                self.assertEqual(sorted(set(generation)), list(range(done)))
                self.assertEqual(list(generation), sorted(generation))
                self.assertEqual(len(generation), done * 20)
                fitness = f["runs/fitness"][:]
                self.assertEqual(fitness.shape[0], len(generation))
                self.assertTrue(np.isfinite(fitness[:, 0, 0]).all())  # every run's rows come through
            with xr.open_dataset(path, group="runs", engine="h5netcdf") as runs:
                self.assertEqual(runs.sizes["run"], done * 20)
                self.assertEqual(int(runs["generation"].max()), done - 1)
            resumed = subprocess.run([BIN, "resume", path, "--quiet"], cwd=ROOT, capture_output=True, text=True)
            self.assertEqual(resumed.returncode, 0, resumed.stderr)
            diff = subprocess.run(["h5diff", "-q", "--exclude-path", "/provenance", full, path], capture_output=True, text=True)
            self.assertEqual(diff.returncode, 0, diff.stdout[-2000:])
            self.assertFalse(os.path.exists(path + ".parts"))


if __name__ == "__main__":
    unittest.main()
