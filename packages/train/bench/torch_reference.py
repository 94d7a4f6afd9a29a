"""PyTorch reference for gen's sample quality (GitHub issue 11): not a test dependency.

The recipe of `gen train --objective cfm`: a 3×256 SiLU MLP u(t, x) on [x, t], Adam(1e-3), batch 256, independent
conditional flow matching (x_t = (1 − t)·x_data + t·z, target z − x_data, t ~ U(0, 1), z ~ N(0, I)), 1 500
updates, an EMA of the weights (decay min(0.999, (1 + n)/(10 + n)), as gen's `Ema`), and samples drawn by
integrating the EMA field from t = 1 to t = 0 with dopri5 (scipy's RK45) at rtol = atol = 1e-5.

The score, as bench/sample-quality.ts computes it with gen's `mmd2`: the unbiased MMD² with one sharp RBF kernel
(bandwidth 0.2) between 2 000 samples and 2 000 fresh data points, divided by the same MMD² of 2 000 draws of
N(0, I): 1 is no better than the prior, 0 is indistinguishable from the data. Data sets follow FFJORD's `toy_data.py` (the same definitions as gen's
`toyDataset`).

Run from the repository root with Debian's PyTorch (python3-torch):

    /usr/bin/python3 packages/train/bench/torch_reference.py [--sets moons,8gaussians] [--seeds 0,1] [--inits torch,glorot] [--steps 1500]

With `--speed` it times instead the rows of issue 16's table (speed on the CPU) on one thread and prints them as one
JSON object (row name → median milliseconds, and the dopri5 evaluation count): what bench/cpu-speed.ts runs and
compares gen with. Figures it printed are recorded in packages/train/bench/torch-cpu-speed.json.

It prints one line per data set, init and seed, and a JSON summary (`--json FILE` also writes it to a file). The
figures it printed on this kind of machine are recorded, per data set, init and seed, in
packages/train/bench/torch-reference.json (formatted by biome), which bench/sample-quality.ts prints next to gen's.
"""

import argparse
import json
import math

import numpy as np
import torch
from scipy.integrate import solve_ivp

BANDWIDTH = 0.2
N_EVAL = 2000


# ---- FFJORD toy data (toy_data.py), seeded by a numpy Generator ----------------------------------------------------


def moons(n, rng):
    outer, inner = n // 2, n - n // 2
    a = np.linspace(0, math.pi, outer)
    b = np.linspace(0, math.pi, inner)
    x = np.concatenate([np.stack([np.cos(a), np.sin(a)], 1), np.stack([1 - np.cos(b), 0.5 - np.sin(b)], 1)])
    x = x[rng.permutation(n)] + 0.1 * rng.standard_normal((n, 2))
    return 2 * x + np.array([-1, -0.2])


def eight_gaussians(n, rng):
    d = 1 / math.sqrt(2)
    centers = 4 * np.array([[1, 0], [-1, 0], [0, 1], [0, -1], [d, d], [d, -d], [-d, d], [-d, -d]])
    return (0.5 * rng.standard_normal((n, 2)) + centers[rng.integers(0, 8, n)]) / 1.414


def checkerboard(n, rng):
    x1 = rng.random(n) * 4 - 2
    x2 = rng.random(n) - rng.integers(0, 2, n) * 2 + np.floor(x1) % 2
    return 2 * np.stack([x1, x2], 1)


def pinwheel(n, rng):
    arms, radial_std, tangential_std, rate = 5, 0.3, 0.1, 0.25
    labels = np.floor(arms * np.arange(n) / n)
    features = rng.standard_normal((n, 2)) * np.array([radial_std, tangential_std]) + np.array([1, 0])
    angles = 2 * math.pi * labels / arms + rate * np.exp(features[:, 0])
    rotations = np.stack([np.cos(angles), -np.sin(angles), np.sin(angles), np.cos(angles)], 1).reshape(-1, 2, 2)
    return 2 * np.einsum('ti,tij->tj', features, rotations)[rng.permutation(n)]


def ring_points(counts, radii):
    parts = []
    for count, r in zip(counts, radii):
        a = np.linspace(0, 2 * math.pi, count, endpoint=False)
        parts.append(r * np.stack([np.cos(a), np.sin(a)], 1))
    return np.concatenate(parts)


def rings(n, rng):
    q = n // 4
    x = ring_points([q, q, q, n - 3 * q], [3, 2.25, 1.5, 0.75])
    return x[rng.permutation(n)] + 0.08 * rng.standard_normal((n, 2))


def circles(n, rng):
    outer = n // 2
    x = ring_points([outer, n - outer], [1, 0.5])
    return 3 * (x[rng.permutation(n)] + 0.08 * rng.standard_normal((n, 2)))


def swissroll(n, rng):
    tau = 1.5 * math.pi * (1 + 2 * rng.random(n))
    return (np.stack([tau * np.cos(tau), tau * np.sin(tau)], 1) + rng.standard_normal((n, 2))) / 5


def two_spirals(n, rng):
    half = (n + 1) // 2
    phi = np.sqrt(rng.random(half)) * 3 * math.pi
    a = np.stack([-np.cos(phi) * phi, np.sin(phi) * phi], 1) + 0.5 * rng.random((half, 2))
    x = np.concatenate([a, -a])[:n] / 3
    return x + 0.1 * rng.standard_normal((n, 2))


SETS = {
    'moons': moons,
    'circles': circles,
    '8gaussians': eight_gaussians,
    'checkerboard': checkerboard,
    'pinwheel': pinwheel,
    'swissroll': swissroll,
    '2spirals': two_spirals,
    'rings': rings,
}


# ---- model, training, sampling ------------------------------------------------------------------------------------


def make_model(init, seed):
    torch.manual_seed(seed)
    widths = [3, 256, 256, 256, 2]
    layers = []
    for i in range(len(widths) - 1):
        linear = torch.nn.Linear(widths[i], widths[i + 1])  # PyTorch default: U(±1/√fan_in) weights and biases
        if init == 'glorot':
            torch.nn.init.xavier_uniform_(linear.weight)
            torch.nn.init.zeros_(linear.bias)
        layers.append(linear)
        if i + 2 < len(widths):
            layers.append(torch.nn.SiLU())
    return torch.nn.Sequential(*layers)


def train(name, init, seed, steps):
    rng = np.random.default_rng(1000 + seed)
    model = make_model(init, seed)
    ema = [p.detach().clone() for p in model.parameters()]
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    for n in range(steps):
        x = torch.tensor(SETS[name](256, rng), dtype=torch.float32)
        z = torch.randn_like(x)
        t = torch.rand(256, 1)
        xt = (1 - t) * x + t * z
        loss = torch.mean((model(torch.cat([xt, t], 1)) - (z - x)) ** 2)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        decay = min(0.999, (1 + n) / (10 + n))
        with torch.no_grad():
            for e, p in zip(ema, model.parameters()):
                e.mul_(decay).add_(p.detach(), alpha=1 - decay)
    with torch.no_grad():
        for e, p in zip(ema, model.parameters()):
            p.copy_(e)
    return model


def sample(model, n, seed):
    z = np.random.default_rng(2000 + seed).standard_normal((n, 2))

    def rhs(t, y):
        x = torch.tensor(y.reshape(n, 2), dtype=torch.float32)
        with torch.no_grad():
            u = model(torch.cat([x, torch.full((n, 1), t, dtype=torch.float32)], 1))
        return u.numpy().astype(np.float64).ravel()

    return solve_ivp(rhs, (1.0, 0.0), z.ravel(), method='RK45', rtol=1e-5, atol=1e-5).y[:, -1].reshape(n, 2)


def mmd2(x, y, h=BANDWIDTH):
    """Unbiased MMD² (Gretton et al. 2012, eq. 3) with k(a, b) = exp(−‖a − b‖²/(2h²))."""

    def k(a, b):
        d2 = ((a[:, None, :] - b[None, :, :]) ** 2).sum(-1)
        return np.exp(-d2 / (2 * h * h))

    n, m = len(x), len(y)
    kxx, kyy = k(x, x), k(y, y)
    return (
        (kxx.sum() - n) / (n * (n - 1)) + (kyy.sum() - m) / (m * (m - 1)) - 2 * k(x, y).mean()
    )


def quality(name, samples, seed):
    fresh = SETS[name](N_EVAL, np.random.default_rng(3000 + seed))
    prior = np.random.default_rng(4000 + seed).standard_normal((N_EVAL, 2))
    return mmd2(samples, fresh) / mmd2(prior, fresh)


# ---- speed (issue 16) ---------------------------------------------------------------------------------------------


def median_ms(fn, warmup, iterations):
    import time

    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(iterations):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return float(np.median(samples))


def cfm_step(model, optimizer, xt, t, target):
    """One CFM Adam step of `model` on x_t [B, 2], t [B, 1] and the target velocities; returns the loss."""
    loss = torch.mean((model(torch.cat([xt, t], 1)) - target) ** 2)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return loss.item()


def fixed_cfm_steps(model, optimizer, batches=(256, 1024)):
    """(batch, step) pairs: one CFM Adam step of `model` on fixed random data of that batch (bench/cfm-step.ts's)."""
    steps = []
    for batch in batches:
        x0, x1, t = torch.randn(batch, 2), 0.5 * torch.randn(batch, 2) + 2, torch.rand(batch, 1)
        xt, target = (1 - t) * x0 + t * x1, x1 - x0
        steps.append((batch, lambda xt=xt, t=t, target=target: cfm_step(model, optimizer, xt, t, target)))
    return steps


def speed():
    """Median milliseconds of each row of issue 16's table, gen's workloads done the PyTorch way (one thread)."""
    torch.set_num_threads(1)
    torch.manual_seed(0)
    model = make_model('torch', 0)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
    rows = {}

    for batch, step in fixed_cfm_steps(model, optimizer):
        rows[f'cfm-step-{batch}'] = median_ms(step, 5, 30)

    rng = np.random.default_rng(0)

    def fresh_step():
        x = torch.tensor(moons(256, rng), dtype=torch.float32)
        z, t = torch.randn_like(x), torch.rand(256, 1)
        return cfm_step(model, optimizer, (1 - t) * x + t * z, t, z - x)

    rows['train-step-256'] = median_ms(fresh_step, 5, 30)

    n = 10_000
    z = torch.randn(n, 2)

    def field(t, x):
        return model(torch.cat([x, torch.full((n, 1), t)], 1))

    def rk4(steps):
        h, y, t = -1 / steps, z, 1.0
        for _ in range(steps):
            k1 = field(t, y)
            k2 = field(t + h / 2, y + (h / 2) * k1)
            k3 = field(t + h / 2, y + (h / 2) * k2)
            k4 = field(t + h, y + h * k3)
            y = y + (h / 6) * (k1 + 2 * k2 + 2 * k3 + k4)
            t += h
        return y

    with torch.no_grad():
        rows['forward-10000'] = median_ms(lambda: field(0.5, z), 2, 10)
        rows['rk4-100-10000'] = median_ms(lambda: rk4(100), 0, 1)

        def rhs(t, y):
            u = field(t, torch.tensor(y.reshape(n, 2), dtype=torch.float32))
            return u.numpy().astype(np.float64).ravel()

        import time

        start = time.perf_counter()
        solution = solve_ivp(rhs, (1.0, 0.0), z.numpy().astype(np.float64).ravel(), method='RK45', rtol=1e-5, atol=1e-5)
        rows['dopri5-per-evaluation'] = (time.perf_counter() - start) * 1000 / solution.nfev
        rows['dopri5-nfe'] = int(solution.nfev)

        def gbm():
            # Euler–Maruyama for dX = 0.5·X dt + X dW, 10 000 paths × 1 000 steps (torchsde is not in Debian).
            x, dt = torch.ones(n, 1), 1e-3
            for _ in range(1000):
                x = x + 0.5 * x * dt + x * (torch.randn(n, 1) * dt**0.5)
            return x

        rows['gbm-10000x1000'] = median_ms(gbm, 1, 3)
    return rows


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--sets', default=','.join(SETS))
    parser.add_argument('--inits', default='torch,glorot')
    parser.add_argument('--seeds', default='0,1')
    parser.add_argument('--steps', type=int, default=1500)
    parser.add_argument('--json')
    parser.add_argument('--speed', action='store_true', help="time issue 16's rows instead; print them as JSON")
    args = parser.parse_args()
    if args.speed:
        print(json.dumps({'torch': torch.__version__, 'threads': 1, 'rows': speed()}))
        return
    torch.set_num_threads(1)
    summary = {}
    for name in args.sets.split(','):
        for init in args.inits.split(','):
            scores = []
            for seed in map(int, args.seeds.split(',')):
                model = train(name, init, seed, args.steps)
                score = quality(name, sample(model, N_EVAL, seed), seed)
                scores.append(score)
                print(f'{name:12s} {init:6s} seed {seed}: quality {score:.4f}', flush=True)
            summary.setdefault(name, {})[init] = {'scores': [round(s, 4) for s in scores],
                                                  'mean': round(float(np.mean(scores)), 4)}
    text = json.dumps({'steps': args.steps, 'bandwidth': BANDWIDTH, 'n': N_EVAL, 'quality': summary}, indent=1)
    print(text)
    if args.json:
        with open(args.json, 'w') as f:
            f.write(text + '\n')


if __name__ == '__main__':
    main()
