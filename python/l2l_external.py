"""Worker side of l2l's external-optimizee protocol (version 1), standard library only.

l2l starts the spec's ``optimizee.external.command`` as a worker process and talks to it
over stdin/stdout, one JSON object per line (docs/external-protocol.md). With this module a
Python model is a function::

    import l2l_external

    def evaluate(parameters, ctx):           # parameters: list[float], in spec order
        return -sum(x * x for x in parameters)  # fitness, maximized

    if __name__ == "__main__":
        l2l_external.serve(evaluate)

``evaluate`` may also return ``{"fitness": f, "outputs": [...], "targets": [...]}`` or a
tuple ``(fitness, outputs, targets)`` (outputs and targets are needed with ``outputs: true``,
for the EnKF). A vectorised model passes ``evaluate_batch=`` instead and gets all candidates
of an iteration at once. ``final=`` may return named metrics of a run's incumbent.

stdout is the protocol channel: while ``serve`` runs, anything else written to stdout (a
stray ``print``, a C library writing to file descriptor 1) goes to stderr instead. Print
nothing to stdout before ``serve`` is called. Randomness should come from ``ctx.task_seed``
(the task) and ``ctx.seed`` (the iteration: the same for every candidate of an iteration).
"""

from __future__ import annotations

import dataclasses
import json
import math
import os
import sys
import traceback
from typing import Any, Callable, Optional

__all__ = ["Context", "serve", "PROTOCOL"]

PROTOCOL = 1


@dataclasses.dataclass
class Context:
    """What a request tells the model besides the parameters.

    task_seed: the task's seed (the same seed is the same task).
    seed: the iteration's seed, the same for every candidate of an iteration (None for final).
    iteration: the inner iteration (None for final).
    run: the request's ``run`` mapping as sent (phase, generation, individual, task, ...).
    phase: ``"train"``, ``"test"`` or ``"baseline"``.
    config: the spec's ``optimizee.external.config`` mapping (from hello).
    parameter_names: the names of the parameters, in candidate order.
    bounds: ``(low, high)`` of each parameter.
    outputs: whether replies must carry outputs and targets (the spec's ``outputs: true``).
    worker: this worker's index (0, 1, ...).
    """

    task_seed: int
    seed: Optional[int]
    iteration: Optional[int]
    run: dict
    phase: str
    config: dict
    parameter_names: list
    bounds: list
    outputs: bool
    worker: int


class _ProtocolError(Exception):
    """A request this worker cannot answer (reported as {"type": "error"})."""


_NON_FINITE_IN = {"nan": math.nan, "inf": math.inf, "-inf": -math.inf,
                  "+inf": math.inf, "infinity": math.inf, "-infinity": -math.inf}


def _read_number(value: Any) -> float:
    """A JSON number, or one of the strings "nan", "inf", "-inf", as a float."""
    if isinstance(value, bool):
        raise _ProtocolError(f"expected a number, got {value!r}")
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str) and value.lower() in _NON_FINITE_IN:
        return _NON_FINITE_IN[value.lower()]
    raise _ProtocolError(f"expected a number, got {value!r}")


def _plain(value: Any) -> Any:
    """NumPy scalars and arrays (anything with .tolist()) as plain Python values."""
    tolist = getattr(value, "tolist", None)
    if callable(tolist) and not isinstance(value, (int, float, str, list, tuple, dict)):
        return tolist()
    return value


def _write_number(value: Any) -> Any:
    """A number for the wire: a float (json writes repr, which round-trips), or "nan"/"inf"/"-inf"."""
    value = _plain(value)
    if isinstance(value, (list, tuple)):
        if len(value) != 1:
            raise ValueError(f"expected a number, got a sequence of length {len(value)}")
        return _write_number(value[0])
    if value is None or isinstance(value, str):
        raise ValueError(f"expected a number, got {value!r}")
    x = float(value)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return x


def _write_vector(value: Any, what: str) -> list:
    """A flat list of wire numbers from a list, tuple, NumPy array (nested ones are flattened)."""
    value = _plain(value)
    if not isinstance(value, (list, tuple)):
        raise ValueError(f"{what} must be a list of numbers, got {type(value).__name__}")
    out: list = []
    stack = [iter(value)]
    while stack:
        try:
            item = next(stack[-1])
        except StopIteration:
            stack.pop()
            continue
        item = _plain(item)
        if isinstance(item, (list, tuple)):
            stack.append(iter(item))
        else:
            out.append(_write_number(item))
    return out


def _error_text(exc: BaseException) -> str:
    message = str(exc)
    name = type(exc).__name__
    return f"{name}: {message}" if message else name


def _result_entry(value: Any, outputs: bool) -> dict:
    """One candidate's reply entry from what evaluate returned (number, dict or tuple)."""
    value = _plain(value) if not isinstance(value, (dict, tuple)) else value
    out_vec = tgt_vec = None
    if isinstance(value, dict):
        if "fitness" not in value:
            if "error" in value:
                return {"error": str(value["error"])}
            raise ValueError("the result mapping has no 'fitness'")
        fitness = value["fitness"]
        out_vec = value.get("outputs")
        tgt_vec = value.get("targets")
    elif isinstance(value, tuple):
        if len(value) != 3:
            raise ValueError(f"a result tuple must be (fitness, outputs, targets), got {len(value)} items")
        fitness, out_vec, tgt_vec = value
    else:
        fitness = value
    entry: dict = {"fitness": _write_number(fitness)}
    if outputs:
        if out_vec is None or tgt_vec is None:
            raise ValueError("outputs: true needs 'outputs' and 'targets' in every result")
        o = _write_vector(out_vec, "outputs")
        t = _write_vector(tgt_vec, "targets")
        if len(o) != len(t):
            raise ValueError(f"outputs ({len(o)}) and targets ({len(t)}) differ in length")
        entry["outputs"] = o
        entry["targets"] = t
    return entry


class _Worker:
    def __init__(self, evaluate, evaluate_batch, final, write_line):
        self.evaluate = evaluate
        self.evaluate_batch = evaluate_batch
        self.final = final
        self.write_line = write_line
        self.hello: Optional[dict] = None
        self.config: dict = {}
        self.names: list = []
        self.bounds: list = []
        self.outputs = False
        self.worker = int(os.environ.get("L2L_WORKER_INDEX", "0") or 0)

    def send(self, message: dict) -> None:
        self.write_line(json.dumps(message, allow_nan=False, separators=(",", ":")))

    def context(self, message: dict, final: bool) -> Context:
        run = message.get("run") or {}
        if not isinstance(run, dict):
            raise _ProtocolError("'run' must be a mapping")
        task_seed = run.get("task_seed", 0)
        seed = None if final else message.get("seed", 0)
        iteration = None if final else message.get("iteration")
        return Context(task_seed=task_seed, seed=seed, iteration=iteration, run=run,
                       phase=run.get("phase", ""), config=self.config,
                       parameter_names=self.names, bounds=self.bounds,
                       outputs=self.outputs, worker=self.worker)

    def on_hello(self, message: dict) -> bool:
        protocol = message.get("protocol")
        if protocol != PROTOCOL:
            self.send({"type": "error",
                       "message": f"l2l_external speaks protocol {PROTOCOL}, l2l sent protocol {protocol!r}"})
            return False
        params = message.get("parameters") or []
        self.names = [str(p.get("name", f"x{i}")) for i, p in enumerate(params)]
        self.bounds = [(_read_number(p.get("low", "-inf")), _read_number(p.get("high", "inf")))
                       for p in params]
        config = message.get("config")
        self.config = config if isinstance(config, dict) else ({} if config is None else config)
        self.outputs = bool(message.get("outputs", False))
        if "worker" in message:
            self.worker = int(message["worker"])
        self.hello = message
        self.send({"type": "ready", "protocol": PROTOCOL})
        return True

    def on_evaluate(self, message: dict) -> None:
        if self.hello is None:
            raise _ProtocolError("evaluate before hello")
        raw = message.get("candidates")
        if not isinstance(raw, list) or not all(isinstance(c, list) for c in raw):
            raise _ProtocolError("'candidates' must be a list of lists of numbers")
        candidates = [[_read_number(x) for x in c] for c in raw]
        ctx = self.context(message, final=False)
        results: list = []
        if self.evaluate_batch is not None:
            try:
                values = _call_user(self.evaluate_batch, candidates, ctx)
                values = _plain(values)
                if not isinstance(values, (list, tuple)):
                    raise TypeError(f"evaluate_batch must return a list, got {type(values).__name__}")
                if len(values) != len(candidates):
                    raise ValueError(f"evaluate_batch returned {len(values)} results "
                                     f"for {len(candidates)} candidates")
            except Exception as exc:  # the whole batch fails
                _log_exception()
                error = _error_text(exc)
                results = [{"error": error} for _ in candidates]
            else:
                for value in values:
                    try:
                        results.append(_result_entry(value, self.outputs))
                    except Exception as exc:
                        results.append({"error": _error_text(exc)})
        else:
            for candidate in candidates:
                try:
                    value = _call_user(self.evaluate, candidate, ctx)
                    results.append(_result_entry(value, self.outputs))
                except Exception as exc:  # this candidate only
                    _log_exception()
                    results.append({"error": _error_text(exc)})
        self.send({"type": "result", "results": results})

    def on_final(self, message: dict) -> None:
        if self.hello is None:
            raise _ProtocolError("final before hello")
        if self.final is None:
            self.send({"type": "final", "metrics": {}})
            return
        parameters = [_read_number(x) for x in (message.get("parameters") or [])]
        ctx = self.context(message, final=True)
        try:
            metrics = _call_user(self.final, parameters, ctx)
            metrics = {} if metrics is None else metrics
            if not isinstance(metrics, dict):
                raise TypeError(f"final must return a dict of named numbers, got {type(metrics).__name__}")
            wire = {str(k): _write_number(v) for k, v in metrics.items()}
        except Exception as exc:
            _log_exception()
            self.send({"type": "final", "error": _error_text(exc)})
            return
        self.send({"type": "final", "metrics": wire})


def _call_user(function: Callable, parameters: Any, ctx: Context) -> Any:
    """Calls user code with sys.stdout pointing at stderr."""
    saved = sys.stdout
    sys.stdout = sys.stderr
    try:
        return function(parameters, ctx)
    finally:
        try:
            sys.stdout.flush()
        except Exception:
            pass
        sys.stdout = saved


def _log_exception() -> None:
    try:
        traceback.print_exc(file=sys.stderr)
        sys.stderr.flush()
    except Exception:
        pass


def _protocol_stream():
    """The protocol's output stream, with file descriptor 1 pointed at stderr from now on.

    Returns (write_line, restore). Where stdout has no file descriptor (tests that replace
    sys.stdout), writes go to that object and only sys.stdout is swapped around user calls.
    """
    stream = sys.stdout
    try:
        stream.flush()
        fd = stream.fileno()
        proto_fd = os.dup(fd)
        os.dup2(sys.stderr.fileno(), fd)
    except (AttributeError, OSError, ValueError):
        def write_line(line: str) -> None:
            stream.write(line + "\n")
            stream.flush()
        return write_line, lambda: None

    out = os.fdopen(proto_fd, "w", encoding="utf-8", newline="\n", closefd=False)

    def write_line(line: str) -> None:
        out.write(line + "\n")
        out.flush()

    def restore() -> None:
        try:
            out.flush()
            sys.stdout.flush()
        except Exception:
            pass
        try:
            os.dup2(proto_fd, fd)
            os.close(proto_fd)
        except OSError:
            pass

    return write_line, restore


def _read_lines():
    stream = getattr(sys.stdin, "buffer", sys.stdin)
    while True:
        line = stream.readline()
        if not line:
            return
        if isinstance(line, bytes):
            line = line.decode("utf-8", errors="replace")
        yield line


def serve(evaluate: Optional[Callable] = None, *, evaluate_batch: Optional[Callable] = None,
          final: Optional[Callable] = None) -> None:
    """Runs the worker loop on stdin/stdout until ``bye`` or end of input, then exits with status 0.

    Exactly one of:
      evaluate(parameters: list[float], ctx: Context) -> fitness | dict | (fitness, outputs, targets)
          called once per candidate; an exception fails that candidate only.
      evaluate_batch(candidates: list[list[float]], ctx: Context) -> list of the above
          called once per iteration with all its candidates (for vectorised models); an
          exception fails every candidate of the batch.
    final(parameters: list[float], ctx: Context) -> dict[str, float], optional: named metrics of
      an inner run's incumbent (held-out scores); without it, final answers no metrics.

    Fitness is maximized; NaN and infinities are allowed (sent as "nan"/"inf"/"-inf").
    A hello with another protocol version is answered with an error and the process exits 2.
    """
    if (evaluate is None) == (evaluate_batch is None):
        raise TypeError("serve() needs exactly one of evaluate or evaluate_batch")
    write_line, restore = _protocol_stream()
    worker = _Worker(evaluate, evaluate_batch, final, write_line)
    status = 0
    try:
        for line in _read_lines():
            if not line.strip():
                continue
            try:
                message = json.loads(line)
                if not isinstance(message, dict):
                    raise _ProtocolError("a message must be a JSON object")
                kind = message.get("type")
                if kind == "bye":
                    break
                if kind == "hello":
                    if not worker.on_hello(message):
                        status = 2
                        break
                elif kind == "evaluate":
                    worker.on_evaluate(message)
                elif kind == "final":
                    worker.on_final(message)
                else:
                    raise _ProtocolError(f"unknown message type {kind!r}")
            except Exception as exc:
                # Invalid JSON, a malformed request, an unknown type: l2l restarts the worker.
                text = str(exc) if isinstance(exc, _ProtocolError) else _error_text(exc)
                worker.send({"type": "error", "message": text})
    finally:
        restore()
    sys.exit(status)
