"""A spiking network in Brian2, as an l2l external optimizee (protocol version 1).

A population of leaky integrate-and-fire neurons (``neurons``, default 100) driven by Poisson
input (each neuron gets ``inputs`` independent Poisson trains at ``input_rate`` Hz, summed by a
``PoissonInput``) and sparsely connected to itself (probability ``connectivity``). Each task seed
draws a target mean firing rate, uniform in [``target_low``, ``target_high``] Hz; the inner
optimizer tunes three parameters, in this order (the spec's ``dimension: 3`` or a
``parameters:`` list with these names):

  w_in   input synaptic weight, mV   (a jump of v per input spike; e.g. [0.05, 2])
  w_rec  recurrent weight, mV        (negative: inhibitory; e.g. [-2, 1])
  tau_m  membrane time constant, ms  (e.g. [5, 50])

so that the population's mean rate r matches the target t: fitness = −(r − t)² / t².

Every evaluation builds and runs the network for ``duration_ms`` (default 300) with Brian2's
``numpy`` code-generation target (no compilation). Brian2 is seeded with ``seed(ctx.seed % 2**32)``
before building it, so every candidate of an iteration sees the same connectivity, initial
potentials and input spikes (common random numbers), and a request's answer is reproducible.
``final`` reports the incumbent's rate on a longer run (``final_duration_ms``, default 1000)
seeded from the task seed: ``rate_hz``, ``target_hz`` and ``relative_error`` = |r − t| / t.

Config (``optimizee.external.config``; defaults): neurons 100, inputs 100, input_rate 10,
connectivity 0.1, duration_ms 300, final_duration_ms 1000, target_low 5, target_high 50.
"""

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "python"))
import l2l_external  # noqa: E402

from brian2 import (Hz, Network, NeuronGroup, PoissonInput, SpikeMonitor,  # noqa: E402
                    Synapses, defaultclock, mV, ms, prefs, seed)

prefs.codegen.target = "numpy"  # no C++ compilation: every evaluation starts at once

DEFAULTS = {"neurons": 100, "inputs": 100, "input_rate": 10.0, "connectivity": 0.1,
            "duration_ms": 300.0, "final_duration_ms": 1000.0, "target_low": 5.0, "target_high": 50.0}
NAMES = ["w_in", "w_rec", "tau_m"]

V_REST = -70.0  # mV
V_RESET = -65.0
V_THRESHOLD = -50.0
REFRACTORY = 2.0  # ms


def settings(config):
    s = dict(DEFAULTS)
    s.update({k: v for k, v in (config or {}).items() if k in DEFAULTS})
    return s


def target_rate(task_seed, s):
    """The task's target mean rate in Hz, drawn from the task seed alone."""
    rng = np.random.default_rng(task_seed)
    return float(rng.uniform(s["target_low"], s["target_high"]))


def unpack(parameters, ctx):
    if len(parameters) != len(NAMES):
        raise ValueError(f"expected {len(NAMES)} parameters ({', '.join(NAMES)}), got {len(parameters)}: "
                         "set optimizee.external.dimension to 3")
    names = list(ctx.parameter_names)
    if sorted(names) == sorted(NAMES):  # a `parameters:` list with these names, in any order
        return {name: float(x) for name, x in zip(names, parameters)}
    return dict(zip(NAMES, (float(x) for x in parameters)))


def mean_rate(p, s, duration_ms, brian_seed):
    """The population's mean firing rate (Hz) over a run of duration_ms."""
    seed(brian_seed)
    defaultclock.dt = 0.1 * ms
    namespace = {"v_rest": V_REST * mV, "v_reset": V_RESET * mV, "v_th": V_THRESHOLD * mV,
                 "tau_m": p["tau_m"] * ms}
    neurons = NeuronGroup(int(s["neurons"]), "dv/dt = (v_rest - v) / tau_m : volt (unless refractory)",
                          threshold="v > v_th", reset="v = v_reset", refractory=REFRACTORY * ms,
                          method="exact", namespace=namespace)
    neurons.v = "v_rest + rand() * (v_th - v_rest)"
    drive = PoissonInput(neurons, "v", N=int(s["inputs"]), rate=float(s["input_rate"]) * Hz,
                         weight=p["w_in"] * mV)
    recurrent = Synapses(neurons, neurons, "w : volt", on_pre="v += w")
    recurrent.connect(condition="i != j", p=float(s["connectivity"]))
    recurrent.w = p["w_rec"] * mV
    spikes = SpikeMonitor(neurons, record=False)
    net = Network(neurons, drive, recurrent, spikes)
    net.run(duration_ms * ms, namespace=namespace)
    return float(spikes.num_spikes) / (int(s["neurons"]) * duration_ms / 1000.0)


def evaluate(parameters, ctx):
    """−(rate − target)² / target² of one candidate (w_in, w_rec, tau_m)."""
    s = settings(ctx.config)
    p = unpack(parameters, ctx)
    target = target_rate(ctx.task_seed, s)
    rate = mean_rate(p, s, float(s["duration_ms"]), ctx.seed % 2**32)
    return -((rate - target) ** 2) / target ** 2


def final(parameters, ctx):
    """The incumbent's rate on a longer run, seeded from the task seed."""
    s = settings(ctx.config)
    p = unpack(parameters, ctx)
    target = target_rate(ctx.task_seed, s)
    rate = mean_rate(p, s, float(s["final_duration_ms"]), ctx.task_seed % 2**32)
    return {"rate_hz": rate, "target_hz": target, "relative_error": abs(rate - target) / target}


if __name__ == "__main__":
    l2l_external.serve(evaluate, final=final)
