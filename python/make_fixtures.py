"""Regenerates the safetensors fixtures that gen's tests check against PyTorch (run with /usr/bin/python3).

For each case, ``packages/train/test/fixtures/safetensors/<case>.safetensors`` is a seeded ``MlpVectorField``
twin saved by ``gen_torch.save_safetensors`` (in the case's dtype), and ``<case>.io.safetensors`` holds fixed
inputs and the outputs PyTorch computes with the model read back from that file (so rounded F16/BF16 weights are
what both sides use), all F32:

    x [N, D], t [1]                 inputs of the eval forward pass u(t, x) (gen: ``model(t, x)``)
    output [N, D]                   its output
    times [N], output_times [N, D]  the training forward pass, one time per sample (gen: ``forwardTimes``),
                                    run after the eval pass; with spectral normalisation it first runs one power
                                    iteration, as gen's does

Usage: python3 python/make_fixtures.py
"""

import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_torch  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "packages", "train", "test", "fixtures",
                   "safetensors")

CASES = {
    "mlp-concat-silu": ("F32", dict(dim=2, hidden=[16, 16], activation="silu", seed=1)),
    "mlp-fourier-tanh-spectral": ("F16", dict(dim=3, hidden=[8, 8], activation="tanh", timeEmbedding="fourier",
                                              fourierFeatures=4, fourierScale=2.0, spectralNorm=True, seed=2)),
    "mlp-elu": ("BF16", dict(dim=1, hidden=[6], activation="elu", seed=3)),
    "mlp-affine-fourier": ("F64", dict(dim=2, hidden=[], activation="swish", timeEmbedding="fourier",
                                       fourierFeatures=2, seed=4)),
}


def main():
    os.makedirs(OUT, exist_ok=True)
    for index, (name, (dtype, config)) in enumerate(CASES.items()):
        model_path = os.path.join(OUT, f"{name}.safetensors")
        gen_torch.save_safetensors(gen_torch.MlpVectorField(**config), model_path, dtype)
        model = gen_torch.load_safetensors(model_path)
        generator = torch.Generator().manual_seed(100 + index)
        x = 1.5 * torch.randn(5, config["dim"], generator=generator)
        t = torch.tensor([0.3])
        times = torch.rand(5, generator=generator)
        with torch.no_grad():
            output = model(t[0], x)
            output_times = model.train()(times, x)
        gen_torch.write_safetensors(os.path.join(OUT, f"{name}.io.safetensors"),
                                    {"x": x, "t": t, "output": output, "times": times, "output_times": output_times},
                                    {})
        print(f"{name}: {dtype}, {sum(p.numel() for p in model.state_dict().values())} numbers")


if __name__ == "__main__":
    main()
