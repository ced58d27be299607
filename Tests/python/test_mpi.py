"""The MPI backend end to end: `mpirun --oversubscribe -n 3 l2l run` against the local pool, and
jobs killed mid-way (the whole job, or one worker rank) resumed under MPI and locally.

Needs the MPI build: L2L_MPI_BIN names it (scripts/mpi.sh sets it); skipped otherwise, so the
default `scripts/test.sh` discovery passes without Open MPI. The local reference runs with L2L_BIN
when given, else the MPI build with --backend local.
"""
import ctypes
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

ROOT = Path(__file__).resolve().parents[2]
MPI_BIN = os.environ.get("L2L_MPI_BIN")
LOCAL_BIN = os.environ.get("L2L_BIN") or MPI_BIN
# mpirun refuses root unless told; containers and CI run as root.
ENV = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1",
           OMPI_MCA_rmaps_base_oversubscribe="1")


def mpirun(n, *args):
    return ["mpirun", "--oversubscribe", "-n", str(n), MPI_BIN, *args]


def run(command, check=True, timeout=600):
    result = subprocess.run(command, cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=timeout)
    if check and result.returncode != 0:
        raise AssertionError(f"{' '.join(command)} exited {result.returncode}\n{result.stderr[-3000:]}")
    return result


def h5diff(a, b):
    return subprocess.run(["h5diff", "--exclude-path", "/provenance", a, b], capture_output=True, text=True)


def rank_pids(launcher_pid):
    """(rank, pid) of the l2l ranks of the local mpirun `launcher_pid` (its children), from their environment."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes().split(b"\0")
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        try:
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        if parent != launcher_pid or MPI_BIN.encode() not in cmdline:
            continue
        for item in environ:
            if item.startswith(b"OMPI_COMM_WORLD_RANK="):
                found.append((int(item.split(b"=", 1)[1]), int(entry.name)))
    return sorted(found)


def become_subreaper():
    """Ranks orphaned by a killed mpirun are re-parented to this process, which reaps them; otherwise
    they may stay zombies under a container's init, and a zombie's pid looks like a running writer."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        pass


def reap():
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def alive(pid):
    """True while `pid` exists (a zombie counts until it is reaped)."""
    reap()
    return Path(f"/proc/{pid}").exists()


@unittest.skipUnless(MPI_BIN and shutil.which("mpirun"), "needs the MPI build (L2L_MPI_BIN) and mpirun: scripts/mpi.sh")
class MPIBackendTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        become_subreaper()
        cls.dir = tempfile.TemporaryDirectory()
        cls.local = os.path.join(cls.dir.name, "local.h5")
        run([LOCAL_BIN, "run", "experiments/quickstart.yaml", "-o", cls.local, "--quiet", "--jobs", "2",
             "--backend", "local"])

    @classmethod
    def tearDownClass(cls):
        cls.dir.cleanup()

    def test_three_ranks_write_the_same_datasets_as_the_local_pool(self):
        path = os.path.join(self.dir.name, "mpi3.h5")
        result = run(mpirun(3, "run", "experiments/quickstart.yaml", "-o", path))
        self.assertIn("quickstart: 6 generations", result.stdout)
        self.assertEqual(result.stdout.count("best outer fitness"), 1, "only rank 0 reports")
        diff = h5diff(self.local, path)
        self.assertEqual(diff.returncode, 0, diff.stdout[-2000:])
        with h5py.File(path, "r") as f:
            self.assertEqual(f["provenance"].attrs["jobs"], 3)  # two workers and rank 0's own slot

    def test_any_number_of_ranks_and_rank0_slots_gives_the_same_datasets(self):
        for n, jobs in [(1, 1), (2, 0), (4, 2)]:
            path = os.path.join(self.dir.name, f"mpi{n}-j{jobs}.h5")
            run(mpirun(n, "run", "experiments/quickstart.yaml", "-o", path, "--quiet", "--jobs", str(jobs)))
            diff = h5diff(self.local, path)
            self.assertEqual(diff.returncode, 0, f"-n {n} --jobs {jobs}:\n{diff.stdout[-2000:]}")

    def test_workers_apply_the_scale_rank0_runs_at(self):
        """Workers rebuild inner runs from the spec text rank 0 sends; the scale must travel with it."""
        spec = os.path.join(self.dir.name, "scaled.yaml")
        Path(spec).write_text((ROOT / "experiments/quickstart.yaml").read_text()
                              + "\nscales:\n  short:\n    outer: {iterations: 3}\n    inner: {iterations: 25}\n")
        local = os.path.join(self.dir.name, "scaled-local.h5")
        path = os.path.join(self.dir.name, "scaled-mpi3.h5")
        run([LOCAL_BIN, "run", spec, "--scale", "short", "-o", local, "--quiet", "--jobs", "2", "--backend", "local"])
        run(mpirun(3, "run", spec, "--scale", "short", "-o", path, "--quiet", "--jobs", "0"))
        diff = h5diff(local, path)
        self.assertEqual(diff.returncode, 0, diff.stdout[-2000:])
        with h5py.File(path, "r") as f:
            self.assertEqual(f.attrs["scale"], "short")
            self.assertEqual(f["runs/best_fitness"].shape[1], 25)

    def test_reservoir_trajectories_are_identical(self):
        """The reservoir study's smoke scale: EnKF snapshots and metrics travel back bit-exactly."""
        local = os.path.join(self.dir.name, "reservoir-local.h5")
        path = os.path.join(self.dir.name, "reservoir-mpi3.h5")
        run([LOCAL_BIN, "run", "experiments/reservoir-enkf.yaml", "-o", local, "--quiet", "--jobs", "2",
             "--backend", "local"])
        run(mpirun(3, "run", "experiments/reservoir-enkf.yaml", "-o", path, "--quiet"))
        diff = h5diff(local, path)
        self.assertEqual(diff.returncode, 0, diff.stdout[-2000:])

    @staticmethod
    def completed_generations(path):
        try:
            with h5py.File(path, "r") as f:  # always a complete file: it is replaced whole
                return int(f["checkpoint"].attrs["completed_generations"])
        except (OSError, KeyError):
            return -1

    def kill_and_resume(self, name, kill, resume_under_mpi, after_generations):
        """Kills the job once its file holds `after_generations` completed generations (watching the
        file rather than the clock, so a fast or a loaded machine kills it mid-run alike)."""
        path = os.path.join(self.dir.name, f"{name}.h5")
        process = subprocess.Popen(mpirun(3, "run", "experiments/quickstart.yaml", "-o", path, "--quiet"),
                                   cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   start_new_session=True)
        deadline = time.monotonic() + 120
        while (process.poll() is None and time.monotonic() < deadline
               and self.completed_generations(path) < after_generations):
            time.sleep(0.02)
        self.assertIsNone(process.poll(), f"the job ended before {after_generations} generations were written")
        ranks = rank_pids(process.pid)
        kill(process, ranks)
        try:
            process.wait(timeout=60)
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        # MPI ends the job: every rank is gone within seconds (Open MPI's ranks also die on their own
        # once mpirun is gone).
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and any(alive(pid) for _, pid in ranks):
            time.sleep(0.2)
        survivors = [(rank, pid) for rank, pid in ranks if alive(pid)]
        for _, pid in survivors:
            os.kill(pid, signal.SIGKILL)
        self.assertEqual(survivors, [], "no rank outlives its job")
        self.assertNotEqual(process.returncode, 0, "the job ended before it finished")
        if not os.path.exists(path):
            return None  # killed before the file was created
        # Complete at every moment: readable without h5clear.
        with h5py.File(path, "r") as f:
            done = int(f["checkpoint"].attrs["completed_generations"])
            self.assertEqual(f["outer/fitness"].shape[0] if "fitness" in f["outer"] else 0, done)
        if resume_under_mpi:
            result = run(mpirun(3, "resume", path, "--quiet"), check=False)
        else:
            result = run([LOCAL_BIN, "resume", path, "--quiet", "--jobs", "1", "--backend", "local"], check=False)
        self.assertEqual(result.returncode, 0, result.stderr[-2000:])
        diff = h5diff(self.local, path)
        self.assertEqual(diff.returncode, 0, f"{name}, {done} generations done:\n{diff.stdout[-2000:]}")
        self.assertFalse(os.path.exists(path + ".partial"))
        return done

    def test_a_killed_job_resumes_to_the_same_datasets(self):
        rng = random.Random(11)
        done = []
        for index in range(4):
            after = rng.randint(1, 4)
            def kill(process, ranks):  # the whole job at once, as a scheduler does
                for _, pid in ranks:
                    os.kill(pid, signal.SIGKILL)
                os.killpg(process.pid, signal.SIGKILL)
            done.append(self.kill_and_resume(f"killed-{index}", kill, resume_under_mpi=index % 2 == 0,
                                             after_generations=after))
        self.assertTrue(any(d is not None and 0 < d < 6 for d in done), f"generations done when killed: {done}")

    def test_a_dead_worker_ends_the_job_and_resume_completes_it(self):
        def kill_worker(process, ranks):
            workers = [pid for rank, pid in ranks if rank != 0]
            self.assertTrue(workers, "no worker ranks found")
            os.kill(workers[0], signal.SIGKILL)

        done = self.kill_and_resume("worker-died", kill_worker, resume_under_mpi=True, after_generations=2)
        self.assertIsNotNone(done)
        self.assertLess(done, 6)

    def test_a_spec_error_ends_every_rank(self):
        with tempfile.NamedTemporaryFile("w", suffix=".yaml") as bad:
            bad.write("name: broken\nseed: [\n")
            bad.flush()
            result = run(mpirun(3, "run", bad.name, "-o", os.path.join(self.dir.name, "bad.h5")), check=False, timeout=120)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("error", result.stderr)


if __name__ == "__main__":
    unittest.main()
