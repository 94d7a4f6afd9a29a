"""PyTorch reference for gen's U-Net speed bench (GitHub issue 14, "Speed"): not a test dependency.

Times the twin ``UNetVectorField`` of ``python/gen_torch.py`` (the same architecture as gen's ``unetVectorField``)
on one CPU thread, in the recipe of bench/unet-speed.ts:

- a training step: the conditional-flow-matching loss on fixed random data (x_t = (1 − t)·x + t·z, target z − x,
  loss the batch mean of ‖u(t, x_t) − (z − x)‖²), its backward pass and one Adam(1e-3) update;
- a sampling forward pass u(t, x) under ``torch.no_grad()`` (what every ODE/SDE sampler step costs).

Both at batch 64 on [28, 28, 1] images with gen's larger MNIST config (base 32, multipliers [1, 2, 2], one res block
per level, attention at 7×7, one head, 8 groups; the defaults before the small one). Run from the repository root with Debian's PyTorch (python3-torch)::

    /usr/bin/python3 packages/train/bench/unet_speed_torch.py [--batch 64] [--iterations 5] [--threads 1]

It prints one JSON object: ``{"torch", "threads", "batch", "imageShape", "trainStepMs", "forwardMs",
"forwardsPerSecond", "trainSteps": [ms...], "forwards": [ms...]}`` (medians over ``--iterations`` timed calls
after one warm-up). bench/unet-speed.ts runs it in the same invocation; the figures it printed on this kind of
machine are recorded in bench/torch-unet-speed.json for machines without PyTorch.
"""

import argparse
import json
import os
import statistics
import sys
import time

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "python"))
import gen_torch  # noqa: E402

IMAGE_SHAPE = [28, 28, 1]
# gen's larger MNIST U-Net (bench/unet-speed.ts's LARGER_MNIST); the other options are the defaults.
LARGER_MNIST = dict(baseChannels=32, channelMultipliers=[1, 2, 2], attentionResolutions=[7], groups=8)


def timed(fn, iterations):
    """Milliseconds of each of ``iterations`` calls of ``fn`` after one untimed call."""
    fn()
    samples = []
    for _ in range(iterations):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--iterations", type=int, default=5)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    model = gen_torch.UNetVectorField(imageShape=IMAGE_SHAPE, **LARGER_MNIST)
    height, width, channels = IMAGE_SHAPE
    x = torch.randn(args.batch, channels, height, width)
    z = torch.randn(args.batch, channels, height, width)
    t = torch.rand(args.batch)
    tc = t.reshape(-1, 1, 1, 1)
    xt = (1 - tc) * x + tc * z
    target = z - x
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-7)

    def train_step():
        loss = ((model(t, xt) - target) ** 2).sum(dim=(1, 2, 3)).mean()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        return loss.item()

    def forward():
        with torch.no_grad():
            model(0.5, xt).sum().item()

    model.train()
    steps = timed(train_step, args.iterations)
    model.eval()
    forwards = timed(forward, args.iterations)
    forward_ms = statistics.median(forwards)
    print(json.dumps({
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "batch": args.batch,
        "imageShape": IMAGE_SHAPE,
        "parameters": sum(p.numel() for p in model.parameters()),
        "trainStepMs": round(statistics.median(steps), 1),
        "forwardMs": round(forward_ms, 1),
        "forwardsPerSecond": round(1000 / forward_ms, 3),
        "trainSteps": [round(s, 1) for s in steps],
        "forwards": [round(s, 1) for s in forwards],
    }))


if __name__ == "__main__":
    main()
