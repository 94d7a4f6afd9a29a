"""Trains gen's MlpVectorField or UNetVectorField twin with conditional flow matching, on one or several processes (PyTorch DDP).

The objective is independent conditional flow matching (gen's ``cfm`` with σ_min = 0, i.e. rectified flow):
x_t = (1 − t)·x + t·z with x a data point, z ~ N(0, I) and t ~ U(0, 1); the model regresses the velocity z − x
with the mean squared error. Data at t = 0 and noise at t = 1, as in gen, so ``gen sample --model out.safetensors``
samples the result (a model file is sampled as a flow from t = 1 to 0). Adam at a constant learning rate.

Data: ``moons`` (gen's toy set: scikit-learn's ``make_moons(n, noise=0.1)`` mapped by (x, y) ↦ (2x − 1, 2y − 0.2),
drawn fresh for every batch) or a ``.csv`` (numbers, an optional header line) or ``.npy`` file of shape [N, D],
from which each batch draws rows with replacement. Images: a ``.npy`` file [N, H, W, C] in gen's layout (uint8
pixels are scaled to [−1, 1] as gen's image data sets are, x/127.5 − 1; floats are taken as they are) trains the
U-Net twin, ``UNetVectorField(imageShape=[H, W, C])`` with its default architecture (or the one ``--init-from``
names); inside PyTorch the images are NCHW. No labels are read: a class-conditional U-Net from ``--init-from``
is trained on its "no class" entry (label K). Points are drawn with PyTorch's generator, not gen's, so the
numbers differ from ``gen train``'s; the distribution is the same.

Distribution: ``--world-size W`` processes are started with ``torch.multiprocessing.spawn`` (Debian's torchrun
fails on its Python 3.11) and joined into a process group on 127.0.0.1 (gloo on CPU; NCCL, one GPU per process,
when CUDA has W devices). Every step, every process draws the same global batch (data, t, z) from a generator
seeded with ``--seed`` and the step, and keeps its own contiguous 1/W of it; DistributedDataParallel averages the
gradients, so W processes take the same steps as one process with the same ``--global-batch`` (up to float32
rounding). The loss printed (and written with ``--losses``) is the global batch's: the mean of the per-process
losses.

Usage::

    /usr/bin/python3 python/train_ddp.py --world-size 2 --steps 2000 --global-batch 256 --out moons.safetensors
    node packages/train/bin/gen.mjs sample --model moons.safetensors -n 2000

Options: ``--world-size`` (processes, default 1), ``--steps`` (updates, 1000), ``--global-batch`` (points per
update over all processes, a multiple of the world size, 256), ``--lr`` (Adam, 1e-3), ``--hidden`` (comma-separated
widths of an MLP, 256,256,256), ``--seed`` (initial weights and batches, 0), ``--data`` (moons, a .csv/.npy file of
points, or a .npy file of images),
``--init-from`` (a .safetensors model to continue, e.g. from ``gen export``; its architecture replaces
``--hidden``), ``--out`` (the .safetensors file), ``--losses`` (optional JSON file for the per-step losses), ``--log-every``
(print the loss every N steps, 100).
"""

import argparse
import json
import math
import os
import socket
import sys

import numpy as np
import torch
import torch.distributed as dist
import torch.multiprocessing as mp
from torch.nn.parallel import DistributedDataParallel

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_torch  # noqa: E402


def moons(n, generator):
    """gen's ``moons`` toy set: n row-major 2-D points [n, 2], float32, drawn with ``generator``."""
    outer = n // 2
    inner = n - outer
    angles_outer = torch.linspace(0, math.pi, outer, dtype=torch.float64)
    angles_inner = torch.linspace(0, math.pi, inner, dtype=torch.float64)
    points = torch.cat([
        torch.stack([torch.cos(angles_outer), torch.sin(angles_outer)], dim=1),
        torch.stack([1 - torch.cos(angles_inner), 0.5 - torch.sin(angles_inner)], dim=1),
    ])
    points = points[torch.randperm(n, generator=generator)]
    points = points + 0.1 * torch.randn(n, 2, generator=generator, dtype=torch.float64)
    return (2 * points + torch.tensor([-1.0, -0.2], dtype=torch.float64)).float()


def load_points(path):
    """The rows [N, D] of a .csv file (an optional header line) or a .npy file, or the images [N, C, H, W] of a
    .npy file [N, H, W, C] (uint8 pixels scaled to [−1, 1]), as float32."""
    if path.lower().endswith(".npy"):
        array = np.load(path, allow_pickle=False)
    elif path.lower().endswith(".csv"):
        with open(path, encoding="utf-8") as handle:
            first = handle.readline()
        try:
            [float(field) for field in first.strip().split(",") if field.strip() != ""]
            skip = 0
        except ValueError:
            skip = 1
        array = np.loadtxt(path, delimiter=",", ndmin=2, skiprows=skip)
    else:
        raise ValueError(f"--data: expected moons or a path to a .csv or .npy file, received {path[:200]!r}")
    if array.ndim not in (2, 4) or min(array.shape) < 1:
        raise ValueError(f"--data: expected a table [N, D] or images [N, H, W, C], received shape {list(array.shape)}")
    if array.dtype == np.uint8:
        array = array / 127.5 - 1
    if not np.all(np.isfinite(array)):
        raise ValueError("--data: expected finite numbers, received NaN or infinity")
    points = torch.from_numpy(np.ascontiguousarray(array, dtype=np.float32))
    return points.permute(0, 3, 1, 2).contiguous() if points.dim() == 4 else points


class Sampler:
    """Draws the global batch of a step: data x, times t and noise z, the same on every process."""

    def __init__(self, data, seed):
        self.points = None if data == "moons" else load_points(data)
        self.shape = [2] if self.points is None else list(self.points.shape[1:])  # [D], or [C, H, W] for images
        self.seed = seed

    def new_model(self, hidden, seed):
        """A fresh twin for this data: an MLP of the given hidden widths, or the default U-Net for images."""
        if len(self.shape) == 1:
            return gen_torch.MlpVectorField(self.shape[0], hidden=hidden, seed=seed)
        channels, height, width = self.shape
        return gen_torch.UNetVectorField(imageShape=[height, width, channels], seed=seed)

    def fits(self, model):
        """Whether a twin takes this data's samples (the same dimension, or the same image shape)."""
        if isinstance(model, gen_torch.UNetVectorField):
            height, width, channels = model.config["imageShape"]
            return self.shape == [channels, height, width]
        return self.shape == [model.config["dim"]]

    def batch(self, step, size):
        generator = torch.Generator().manual_seed(self.seed * 1_000_003 + step)
        if self.points is None:
            x = moons(size, generator)
        else:
            x = self.points[torch.randint(self.points.shape[0], (size,), generator=generator)]
        t = torch.rand(size, generator=generator)
        z = torch.randn(size, *self.shape, generator=generator)
        return x, t, z


def cfm_loss(model, x, t, z):
    """Independent CFM: mean over the batch of ‖u(t, x_t) − (z − x)‖², x_t = (1 − t)·x + t·z (any sample shape)."""
    tc = t.reshape(-1, *([1] * (x.dim() - 1)))
    xt = (1 - tc) * x + tc * z
    return ((model(t, xt) - (z - x)) ** 2).flatten(1).sum(dim=1).mean()


def worker(rank, args, port):
    """One process of the group: trains its shard of every global batch; rank 0 reports and saves."""
    torch.set_num_threads(1)
    cuda = torch.cuda.is_available() and torch.cuda.device_count() >= args.world_size
    device = torch.device(f"cuda:{rank}") if cuda else torch.device("cpu")
    if cuda:
        torch.cuda.set_device(device)
    dist.init_process_group(
        "nccl" if cuda else "gloo",
        init_method=f"tcp://127.0.0.1:{port}",
        rank=rank,
        world_size=args.world_size,
    )
    try:
        sampler = Sampler(args.data, args.seed)
        if args.init_from:
            model = gen_torch.load_safetensors(args.init_from)
            model.train()
        else:
            model = sampler.new_model(args.hidden, args.seed)
        model = model.to(device)
        ddp = DistributedDataParallel(model, device_ids=[rank] if cuda else None)
        optimizer = torch.optim.Adam(ddp.parameters(), lr=args.lr)
        shard = args.global_batch // args.world_size
        losses = []
        for step in range(args.steps):
            x, t, z = (v[rank * shard:(rank + 1) * shard].to(device) for v in sampler.batch(step, args.global_batch))
            loss = cfm_loss(ddp, x, t, z)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            total = loss.detach().clone()
            dist.all_reduce(total)
            value = total.item() / args.world_size
            if not math.isfinite(value):
                raise FloatingPointError(f"the loss became {value} at step {step + 1}")
            losses.append(value)
            if rank == 0 and ((step + 1) % args.log_every == 0 or step + 1 == args.steps):
                print(f"step {step + 1}/{args.steps} loss {value:.6f}", flush=True)
        if rank == 0:
            model.cpu().eval()
            out_dir = os.path.dirname(os.path.abspath(args.out))
            os.makedirs(out_dir, exist_ok=True)
            partial = f"{args.out}.partial"
            gen_torch.save_safetensors(model, partial)
            os.replace(partial, args.out)
            if args.losses:
                with open(args.losses, "w", encoding="utf-8") as handle:
                    json.dump({"worldSize": args.world_size, "globalBatch": args.global_batch, "losses": losses},
                              handle)
            print(f"wrote {args.out} ({args.world_size} process{'es' if args.world_size > 1 else ''}, "
                  f"{'nccl' if cuda else 'gloo'})", flush=True)
    finally:
        dist.destroy_process_group()


def free_port():
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def parse_args(argv):
    def widths(text):
        try:
            values = [int(w) for w in text.split(",")]
        except ValueError:
            values = []
        if not values or any(w < 1 for w in values):
            raise argparse.ArgumentTypeError(f"expected comma-separated widths >= 1, received {text[:200]!r}")
        return values

    parser = argparse.ArgumentParser(description="Train gen's MLP or U-Net twin with CFM on 1 or more processes (DDP).")
    parser.add_argument("--world-size", type=int, default=1, help="processes (default 1)")
    parser.add_argument("--steps", type=int, default=1000, help="updates (default 1000)")
    parser.add_argument("--global-batch", type=int, default=256, help="points per update over all processes")
    parser.add_argument("--lr", type=float, default=1e-3, help="Adam's learning rate (default 1e-3)")
    parser.add_argument("--hidden", type=widths, default=[256, 256, 256], help="widths (default 256,256,256)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the weights and batches (default 0)")
    parser.add_argument("--data", default="moons", help="moons, or a .csv/.npy file")
    parser.add_argument("--init-from", help="continue training this .safetensors model (its architecture wins)")
    parser.add_argument("--out", required=True, help="the .safetensors file to write")
    parser.add_argument("--losses", help="a JSON file for the per-step losses (optional)")
    parser.add_argument("--log-every", type=int, default=100, help="print the loss every N steps (default 100)")
    args = parser.parse_args(argv)
    if args.world_size < 1:
        parser.error(f"--world-size: expected an integer >= 1, received {args.world_size}")
    if args.steps < 0 or args.log_every < 1 or args.seed < 0:
        parser.error("--steps and --seed must be >= 0, --log-every >= 1")
    if args.global_batch < 1 or args.global_batch % args.world_size != 0:
        parser.error(f"--global-batch: expected a positive multiple of --world-size {args.world_size}, "
                     f"received {args.global_batch}")
    if not (0 < args.lr < math.inf):
        parser.error(f"--lr: expected a positive number, received {args.lr}")
    if not args.out.lower().endswith(".safetensors"):
        parser.error(f"--out: expected a path ending in .safetensors, received {args.out[:200]!r}")
    try:
        sampler = Sampler(args.data, args.seed)  # a bad file fails here, once, before any process starts
        if args.init_from:
            model = gen_torch.load_safetensors(args.init_from)
            if not sampler.fits(model):
                parser.error(f"--init-from: expected a model of the data's sample shape {sampler.shape}, received "
                             f"one of config {json.dumps(model.config)[:200]}")
    except (ValueError, OSError) as error:
        parser.error(str(error)[:400])
    return args


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    port = free_port()
    if args.world_size == 1:
        worker(0, args, port)
    else:
        mp.spawn(worker, args=(args, port), nprocs=args.world_size, join=True)


if __name__ == "__main__":
    main()
