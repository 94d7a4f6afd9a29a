"""SciPy's linear_sum_assignment on the cost matrices bench/assignment.ts writes: the reference of gen's exactAssignment.

Usage: assignment_scipy.py FILE N COUNT ROUNDS. FILE holds COUNT row-major N x N float64 matrices, one after another.
Each round solves every matrix once; prints one JSON line: the time of every solve in milliseconds (all rounds, after
one warm-up round), and each matrix's optimal total cost.
"""

import json
import sys
import time

import numpy as np
import scipy
from scipy.optimize import linear_sum_assignment


def main() -> None:
    path, n, count, rounds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    costs = np.fromfile(path, dtype=np.float64).reshape(count, n, n)
    totals = []
    for cost in costs:
        rows, cols = linear_sum_assignment(cost)
        totals.append(float(cost[rows, cols].sum()))
    times = []
    for _ in range(rounds):
        for cost in costs:
            start = time.perf_counter()
            linear_sum_assignment(cost)
            times.append((time.perf_counter() - start) * 1000)
    print(json.dumps({"samples": times, "totals": totals, "scipy": scipy.__version__}))


if __name__ == "__main__":
    main()
