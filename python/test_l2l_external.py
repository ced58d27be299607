"""Tests of l2l_external.py: each test runs a tiny model script as a worker subprocess and
talks the protocol (docs/external-protocol.md) to it over pipes. Standard library only.

    python3 -m unittest discover -s python -p 'test_*.py'
"""

import json
import math
import os
import random
import shutil
import struct
import subprocess
import sys
import tempfile
import textwrap
import threading
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))

HELLO = {"type": "hello", "protocol": 1, "worker": 3, "outputs": False,
         "parameters": [{"name": "a", "low": -5.0, "high": 5.0},
                        {"name": "b", "low": "-inf", "high": 2.5}],
         "config": {"noise": 0.1, "layers": [8, 8], "name": "x"}}
RUN = {"phase": "train", "generation": 1, "individual": 4, "task": 0, "task_seed": 7, "repeat": 0}


def evaluate_msg(candidates, seed=8934458810323418877, iteration=3, run=RUN):
    return {"type": "evaluate", "iteration": iteration, "seed": seed, "run": run,
            "candidates": candidates}


def bits(x):
    return struct.pack("<d", x)


def wire_float(value):
    if isinstance(value, str):
        return {"nan": math.nan, "inf": math.inf, "-inf": -math.inf}[value]
    return float(value)


class WorkerTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="l2l-external-test-")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def script(self, body):
        path = os.path.join(self.tmp, "model.py")
        with open(path, "w") as f:
            f.write(f"import sys\nsys.path.insert(0, {HERE!r})\nimport l2l_external\n")
            f.write(textwrap.dedent(body))
        return path

    def converse(self, body, messages, bye=True, env=None):
        """Sends every message (and bye), closes stdin; returns (replies, raw stdout, stderr, rc)."""
        path = self.script(body)
        lines = "".join((m if isinstance(m, str) else json.dumps(m)) + "\n" for m in messages)
        if bye:
            lines += json.dumps({"type": "bye"}) + "\n"
        full_env = dict(os.environ, **(env or {}))
        proc = subprocess.run([sys.executable, path], input=lines.encode(), capture_output=True,
                              timeout=60, env=full_env)
        out = proc.stdout.decode()
        replies = [json.loads(line) for line in out.splitlines()]
        return replies, out, proc.stderr.decode(), proc.returncode

    # --- hello / bye ---------------------------------------------------------------------

    def test_hello_ready_and_bye_exits_zero(self):
        replies, _, _, rc = self.converse("l2l_external.serve(lambda p, c: 0.0)\n", [HELLO])
        self.assertEqual(replies, [{"type": "ready", "protocol": 1}])
        self.assertEqual(rc, 0)

    def test_eof_exits_zero(self):
        replies, _, _, rc = self.converse("l2l_external.serve(lambda p, c: 0.0)\n", [HELLO], bye=False)
        self.assertEqual(replies, [{"type": "ready", "protocol": 1}])
        self.assertEqual(rc, 0)

    def test_bye_stops_before_later_lines(self):
        body = "l2l_external.serve(lambda p, c: 1.0)\n"
        replies, _, _, rc = self.converse(body, [HELLO, {"type": "bye"}, evaluate_msg([[0.0, 0.0]])],
                                          bye=False)
        self.assertEqual(replies, [{"type": "ready", "protocol": 1}])
        self.assertEqual(rc, 0)

    def test_replies_are_flushed_per_line(self):
        """The worker answers each request while its stdin stays open."""
        path = self.script("l2l_external.serve(lambda p, c: sum(p))\n")
        proc = subprocess.Popen([sys.executable, path], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL)
        timer = threading.Timer(30, proc.kill)
        timer.start()
        try:
            proc.stdin.write((json.dumps(HELLO) + "\n").encode())
            proc.stdin.flush()
            self.assertEqual(json.loads(proc.stdout.readline()), {"type": "ready", "protocol": 1})
            proc.stdin.write((json.dumps(evaluate_msg([[1.0, 2.0]])) + "\n").encode())
            proc.stdin.flush()
            self.assertEqual(json.loads(proc.stdout.readline()),
                             {"type": "result", "results": [{"fitness": 3.0}]})
            proc.stdin.write(b'{"type": "bye"}\n')
            proc.stdin.flush()
            self.assertEqual(proc.wait(timeout=30), 0)
        finally:
            timer.cancel()
            proc.kill()
            proc.stdin.close()
            proc.stdout.close()

    def test_bad_protocol_version_errors_and_exits_nonzero(self):
        replies, _, _, rc = self.converse("l2l_external.serve(lambda p, c: 0.0)\n",
                                          [dict(HELLO, protocol=2), evaluate_msg([[0.0, 0.0]])])
        self.assertEqual(len(replies), 1)
        self.assertEqual(replies[0]["type"], "error")
        self.assertIn("protocol", replies[0]["message"])
        self.assertNotEqual(rc, 0)

    def test_unknown_type_and_garbage_answer_error_and_continue(self):
        replies, _, _, rc = self.converse("l2l_external.serve(lambda p, c: 2.0)\n",
                                          [HELLO, {"type": "frobnicate"}, "not json",
                                           evaluate_msg([[0.0, 0.0]])])
        self.assertEqual([r["type"] for r in replies], ["ready", "error", "error", "result"])
        self.assertIn("frobnicate", replies[1]["message"])
        self.assertEqual(replies[3]["results"], [{"fitness": 2.0}])
        self.assertEqual(rc, 0)

    def test_serve_needs_exactly_one_evaluator(self):
        body = """
        for kwargs in ({}, {"evaluate": lambda p, c: 0, "evaluate_batch": lambda c, x: []}):
            try:
                l2l_external.serve(**kwargs)
            except TypeError:
                pass
            else:
                sys.exit(5)
        sys.exit(0)
        """
        _, _, _, rc = self.converse(body, [], bye=False)
        self.assertEqual(rc, 0)

    # --- numbers -------------------------------------------------------------------------

    def test_doubles_round_trip_bit_exactly(self):
        rng = random.Random(1234)
        values = [0.0, -0.0, 1e308, -1e308, 1.7976931348623157e308, 5e-324, -5e-324,
                  2.2250738585072014e-308, 2.225073858507201e-308, 1e-310, 0.1, 1 / 3,
                  math.pi, 123456789.123456789, 2.0 ** 53 + 2]
        for _ in range(200):
            values.append(struct.unpack("<d", rng.getrandbits(64).to_bytes(8, "little"))[0])
        for _ in range(50):  # subnormals
            values.append(struct.unpack("<d", rng.getrandbits(52).to_bytes(8, "little"))[0]
                          * rng.choice([1, -1]))
        values = [v for v in values if math.isfinite(v)]
        body = """
        def evaluate(p, ctx):
            return {"fitness": p[0], "outputs": p, "targets": [-x for x in p]}
        l2l_external.serve(evaluate)
        """
        candidates = [[v, values[(i + 1) % len(values)]] for i, v in enumerate(values)]
        hello = dict(HELLO, outputs=True)
        replies, out, _, rc = self.converse(body, [hello, evaluate_msg(candidates)])
        self.assertEqual(rc, 0)
        results = replies[1]["results"]
        self.assertEqual(len(results), len(candidates))
        for candidate, result in zip(candidates, results):
            self.assertEqual(bits(result["fitness"]), bits(candidate[0]), repr(candidate[0]))
            self.assertEqual([bits(x) for x in result["outputs"]], [bits(x) for x in candidate])
            self.assertEqual([bits(x) for x in result["targets"]], [bits(-x) for x in candidate])
        self.assertIn("-0.0", out)

    def test_non_finite_fitness_written_as_strings(self):
        body = """
        import math
        VALUES = [math.nan, math.inf, -math.inf, 1.5]
        l2l_external.serve(lambda p, c: VALUES[int(p[0])])
        """
        replies, out, _, _ = self.converse(body, [HELLO, evaluate_msg([[0, 0], [1, 0], [2, 0], [3, 0]])])
        self.assertEqual(replies[1]["results"],
                         [{"fitness": "nan"}, {"fitness": "inf"}, {"fitness": "-inf"}, {"fitness": 1.5}])
        for token in ("NaN", "Infinity"):
            self.assertNotIn(token, out)

    def test_non_finite_inputs_and_uint64_seeds(self):
        body = """
        def evaluate(p, ctx):
            assert ctx.seed == 18446744073709551615 and isinstance(ctx.seed, int), ctx.seed
            assert ctx.bounds[1] == (-float("inf"), 2.5), ctx.bounds
            return p[0]
        l2l_external.serve(evaluate)
        """
        replies, _, _, _ = self.converse(body, [HELLO, evaluate_msg([["inf", 0], ["-inf", 0]],
                                                                    seed=18446744073709551615)])
        self.assertEqual(replies[1]["results"], [{"fitness": "inf"}, {"fitness": "-inf"}])

    def test_numpy_like_values_are_converted(self):
        """Objects with .tolist() (NumPy arrays and scalars) become plain numbers and lists."""
        body = """
        class Arr:
            def __init__(self, v): self.v = v
            def tolist(self): return self.v
        class Scalar:
            def __init__(self, v): self.v = v
            def __float__(self): return self.v
        def evaluate(p, ctx):
            return Arr(0.25), Arr([[1.0, 2.0], [3.0, float("nan")]]), [Scalar(4.0)] * 4
        l2l_external.serve(evaluate)
        """
        replies, _, _, _ = self.converse(body, [dict(HELLO, outputs=True), evaluate_msg([[0, 0]])])
        self.assertEqual(replies[1]["results"],
                         [{"fitness": 0.25, "outputs": [1.0, 2.0, 3.0, "nan"],
                           "targets": [4.0, 4.0, 4.0, 4.0]}])

    # --- evaluate ------------------------------------------------------------------------

    def test_context_fields(self):
        body = """
        def evaluate(p, ctx):
            expected = dict(task_seed=7, seed=8934458810323418877, iteration=3, phase="train",
                            parameter_names=["a", "b"], worker=3, outputs=False,
                            config={"noise": 0.1, "layers": [8, 8], "name": "x"})
            for key, value in expected.items():
                assert getattr(ctx, key) == value, (key, getattr(ctx, key))
            assert ctx.run["individual"] == 4 and ctx.run["generation"] == 1
            assert ctx.bounds[0] == (-5.0, 5.0)
            assert isinstance(p, list) and all(type(x) is float for x in p), p
            return 1.0
        def final(p, ctx):
            assert ctx.seed is None and ctx.iteration is None, (ctx.seed, ctx.iteration)
            assert ctx.phase == "test" and ctx.task_seed == 1002
            return {"ok": 1}
        l2l_external.serve(evaluate, final=final)
        """
        final = {"type": "final", "run": dict(RUN, phase="test", task_seed=1002), "parameters": [1, 2]}
        replies, _, err, _ = self.converse(body, [HELLO, evaluate_msg([[1, 2]]), final])
        self.assertEqual(replies[1]["results"], [{"fitness": 1.0}], err)
        self.assertEqual(replies[2], {"type": "final", "metrics": {"ok": 1.0}}, err)

    def test_exception_fails_only_that_candidate(self):
        body = """
        def evaluate(p, ctx):
            if p[0] < 0:
                raise ValueError("simulation diverged at t=3.2 ms")
            if p[0] > 10:
                return {"no": "fitness"}
            return -p[0]
        l2l_external.serve(evaluate)
        """
        replies, _, err, rc = self.converse(body, [HELLO, evaluate_msg([[1, 0], [-1, 0], [2, 0], [11, 0]]),
                                                   evaluate_msg([[3, 0]])])
        results = replies[1]["results"]
        self.assertEqual(results[0], {"fitness": -1.0})
        self.assertEqual(results[1], {"error": "ValueError: simulation diverged at t=3.2 ms"})
        self.assertEqual(results[2], {"fitness": -2.0})
        self.assertEqual(set(results[3]), {"error"})
        self.assertEqual(replies[2]["results"], [{"fitness": -3.0}])
        self.assertIn("simulation diverged", err)  # the traceback goes to stderr
        self.assertEqual(rc, 0)

    def test_result_forms_and_outputs(self):
        body = """
        def evaluate(p, ctx):
            kind = int(p[0])
            if kind == 0:
                return {"fitness": -1.0, "outputs": [1, 2], "targets": [3, 4]}
            if kind == 1:
                return (-2.0, [5.0, 6.0], (7.0, 8.0))
            if kind == 2:
                return -3.0                      # no outputs: an error with outputs: true
            return (-4.0, [1.0], [1.0, 2.0])     # lengths differ: an error
        l2l_external.serve(evaluate)
        """
        msgs = [dict(HELLO, outputs=True), evaluate_msg([[0, 0], [1, 0], [2, 0], [3, 0]])]
        replies, _, _, _ = self.converse(body, msgs)
        results = replies[1]["results"]
        self.assertEqual(results[0], {"fitness": -1.0, "outputs": [1.0, 2.0], "targets": [3.0, 4.0]})
        self.assertEqual(results[1], {"fitness": -2.0, "outputs": [5.0, 6.0], "targets": [7.0, 8.0]})
        self.assertIn("outputs", results[2]["error"])
        self.assertIn("length", results[3]["error"])
        # Without outputs: true, only the fitness is sent.
        replies, _, _, _ = self.converse(body, [HELLO, evaluate_msg([[0, 0], [1, 0], [2, 0]])])
        self.assertEqual(replies[1]["results"], [{"fitness": -1.0}, {"fitness": -2.0}, {"fitness": -3.0}])

    def test_batch_mode(self):
        body = """
        calls = []
        def evaluate_batch(candidates, ctx):
            calls.append(len(candidates))
            print("batch", calls, file=sys.stderr)
            if candidates[0][0] < 0:
                raise RuntimeError("batch exploded")
            if candidates[0][0] > 100:
                return [1.0]                    # wrong length: the whole batch fails
            return [{"fitness": sum(c), "outputs": c, "targets": [0.0] * len(c)} if c[0] != 5
                    else {"error": "custom failure"} for c in candidates]
        l2l_external.serve(evaluate_batch=evaluate_batch)
        """
        msgs = [dict(HELLO, outputs=True), evaluate_msg([[1, 2], [3, 4], [5, 6]]),
                evaluate_msg([[-1, 0], [1, 1]]), evaluate_msg([[101, 0], [1, 1]])]
        replies, _, err, rc = self.converse(body, msgs)
        self.assertEqual(replies[1]["results"], [
            {"fitness": 3.0, "outputs": [1.0, 2.0], "targets": [0.0, 0.0]},
            {"fitness": 7.0, "outputs": [3.0, 4.0], "targets": [0.0, 0.0]},
            {"error": "custom failure"}])
        self.assertEqual(replies[2]["results"], [{"error": "RuntimeError: batch exploded"}] * 2)
        self.assertEqual(len(replies[3]["results"]), 2)
        self.assertTrue(all("1 results for 2 candidates" in r["error"] for r in replies[3]["results"]))
        self.assertIn("batch [3, 2, 2]", err)  # one call per evaluate request
        self.assertEqual(rc, 0)

    def test_batch_returning_array_like(self):
        body = """
        class Arr:
            def __init__(self, v): self.v = v
            def tolist(self): return self.v
        l2l_external.serve(evaluate_batch=lambda cs, ctx: Arr([c[0] * 2 for c in cs]))
        """
        replies, _, _, _ = self.converse(body, [HELLO, evaluate_msg([[1, 0], [2, 0]])])
        self.assertEqual(replies[1]["results"], [{"fitness": 2.0}, {"fitness": 4.0}])

    # --- final ---------------------------------------------------------------------------

    def test_final_metrics(self):
        body = """
        import math
        def final(p, ctx):
            return {"test_error": sum(p), "bad": math.inf}
        l2l_external.serve(lambda p, c: 0.0, final=final)
        """
        msg = {"type": "final", "run": dict(RUN, phase="test"), "parameters": [0.01, -0.02]}
        replies, _, _, _ = self.converse(body, [HELLO, msg])
        self.assertEqual(replies[1], {"type": "final", "metrics": {"test_error": 0.01 + -0.02, "bad": "inf"}})

    def test_final_default_and_failure(self):
        msg = {"type": "final", "run": RUN, "parameters": [0.0, 0.0]}
        replies, _, _, _ = self.converse("l2l_external.serve(lambda p, c: 0.0)\n", [HELLO, msg])
        self.assertEqual(replies[1], {"type": "final", "metrics": {}})
        body = """
        def final(p, ctx):
            raise KeyError("held-out set missing")
        l2l_external.serve(lambda p, c: 0.0, final=final)
        """
        replies, _, _, rc = self.converse(body, [HELLO, msg, evaluate_msg([[0, 0]])])
        self.assertEqual(replies[1]["type"], "final")
        self.assertNotIn("metrics", replies[1])
        self.assertIn("KeyError", replies[1]["error"])
        self.assertEqual(replies[2]["results"], [{"fitness": 0.0}])
        self.assertEqual(rc, 0)

    # --- stdout hygiene ------------------------------------------------------------------

    def test_stray_output_goes_to_stderr(self):
        body = """
        import os
        def evaluate(p, ctx):
            print("stray print from the model")
            sys.stdout.write("partial line without newline")
            os.write(1, b"written to fd 1 by a C library\\n")
            return 1.0
        def final(p, ctx):
            print("stray print in final", {"type": "ready"})
            return {}
        l2l_external.serve(evaluate, final=final)
        """
        msg = {"type": "final", "run": RUN, "parameters": [0.0, 0.0]}
        replies, out, err, rc = self.converse(body, [HELLO, evaluate_msg([[0, 0], [1, 1]]), msg])
        self.assertEqual(replies, [{"type": "ready", "protocol": 1},
                                   {"type": "result", "results": [{"fitness": 1.0}, {"fitness": 1.0}]},
                                   {"type": "final", "metrics": {}}])
        self.assertNotIn("stray", out)
        self.assertIn("stray print from the model", err)
        self.assertIn("partial line without newline", err)
        self.assertIn("written to fd 1 by a C library", err)
        self.assertIn("stray print in final", err)
        self.assertEqual(rc, 0)

    def test_worker_index_from_environment(self):
        body = "l2l_external.serve(lambda p, c: float(c.worker))\n"
        hello = {k: v for k, v in HELLO.items() if k != "worker"}
        replies, _, _, _ = self.converse(body, [hello, evaluate_msg([[0, 0]])],
                                         env={"L2L_WORKER_INDEX": "5"})
        self.assertEqual(replies[1]["results"], [{"fitness": 5.0}])


if __name__ == "__main__":
    unittest.main()
