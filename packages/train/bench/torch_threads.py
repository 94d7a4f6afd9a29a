"""PyTorch on one and on two threads for the rows of issue 16 that gen's kernel threads speed up (not a test
dependency): the CFM training step (3×256 SiLU MLP, Adam, fixed tensors) at batch 256 and 1024 and the MLP forward
pass on 10 000 points, each timed with `torch.set_num_threads(1)` and then `(2)`. bench/threads-speed.ts runs it
and prints its figures next to gen's on one and two threads. Prints one JSON object:
{"torch": version, "rows": {"<row>@<threads>": fastest call in ms}}: the fastest, as for gen, being the least
disturbed call on a shared machine.
"""

import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_reference import fixed_cfm_steps, make_model  # noqa: E402


def min_ms(fn, warmup, iterations):
    import time

    for _ in range(warmup):
        fn()
    best = float('inf')
    for _ in range(iterations):
        start = time.perf_counter()
        fn()
        best = min(best, (time.perf_counter() - start) * 1000)
    return best


def rows_at(threads):
    torch.set_num_threads(threads)
    model = make_model('torch', 0)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
    rows = {}

    for batch, step in fixed_cfm_steps(model, optimizer):
        rows[f'cfm-step-{batch}@{threads}'] = min_ms(step, 5, 30)
    z = torch.randn(10_000, 2)
    with torch.no_grad():
        rows[f'forward-10000@{threads}'] = min_ms(
            lambda: model(torch.cat([z, torch.full((10_000, 1), 0.5)], 1)), 2, 10
        )
    return rows


if __name__ == '__main__':
    torch.manual_seed(0)
    print(json.dumps({'torch': torch.__version__, 'rows': {**rows_at(1), **rows_at(2)}}))
