"""The test functions of `l2l bench mads --problem-file` in Python (the same textbook minimization forms as
Sources/L2LNetworks/BenchmarkFunction.swift; both sides report f(x0), and data_profiles.py checks they agree)."""
import math


def sphere(x):
    return sum(v * v for v in x)


def rosenbrock(x):
    return sum(100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2 for i in range(len(x) - 1))


def rastrigin(x):
    return 10 * len(x) + sum(v * v - 10 * math.cos(2 * math.pi * v) for v in x)


def ackley(x):
    n = len(x)
    sq = sum(v * v for v in x) / n
    cs = sum(math.cos(2 * math.pi * v) for v in x) / n
    return -20 * math.exp(-0.2 * math.sqrt(sq)) - math.exp(cs) + 20 + math.e


def griewank(x):
    p = 1.0
    for i, v in enumerate(x):
        p *= math.cos(v / math.sqrt(i + 1))
    return 1 + sum(v * v for v in x) / 4000 - p


def styblinski_tang(x):
    return 0.5 * sum(v ** 4 - 16 * v * v + 5 * v for v in x)


def powell_singular(x):
    s = 0.0
    for j in range(0, len(x) - 3, 4):
        a, b, c, d = x[j] + 10 * x[j + 1], x[j + 2] - x[j + 3], x[j + 1] - 2 * x[j + 2], x[j] - x[j + 3]
        s += a * a + 5 * b * b + c ** 4 + 10 * d ** 4
    return s


def trid(x):
    return sum((v - 1) ** 2 for v in x) - sum(x[i] * x[i - 1] for i in range(1, len(x)))


def zakharov(x):
    t = sum(0.5 * (i + 1) * v for i, v in enumerate(x))
    return sum(v * v for v in x) + t ** 2 + t ** 4


def dixon_price(x):
    return (x[0] - 1) ** 2 + sum((i + 1) * (2 * x[i] ** 2 - x[i - 1]) ** 2 for i in range(1, len(x)))


def levy(x):
    w = [1 + (v - 1) / 4 for v in x]
    s = math.sin(math.pi * w[0]) ** 2
    for i in range(len(w) - 1):
        s += (w[i] - 1) ** 2 * (1 + 10 * math.sin(math.pi * w[i] + 1) ** 2)
    return s + (w[-1] - 1) ** 2 * (1 + math.sin(2 * math.pi * w[-1]) ** 2)


def sum_squares(x):
    return sum((i + 1) * v * v for i, v in enumerate(x))


def variably_dimensioned(x):
    t = sum((i + 1) * (v - 1) for i, v in enumerate(x))
    return sum((v - 1) ** 2 for v in x) + t ** 2 + t ** 4


def brown_almost_linear(x):
    n, total = len(x), sum(x)
    s = sum((x[i] + total - (n + 1)) ** 2 for i in range(n - 1))
    return s + (math.prod(x) - 1) ** 2


def wood(x):
    s = 0.0
    for j in range(0, len(x) - 3, 4):
        a, b, c, d = x[j:j + 4]
        s += (100 * (b - a * a) ** 2 + (1 - a) ** 2 + 90 * (d - c * c) ** 2 + (1 - c) ** 2
              + 10.1 * ((b - 1) ** 2 + (d - 1) ** 2) + 19.8 * (b - 1) * (d - 1))
    return s


FUNCTIONS = {f.__name__: f for f in [
    sphere, rosenbrock, rastrigin, ackley, griewank, styblinski_tang, powell_singular, trid, zakharov, dixon_price,
    levy, sum_squares, variably_dimensioned, brown_almost_linear, wood]}
