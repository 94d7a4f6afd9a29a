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

The U-Net cases, under ``.../safetensors/unet/``, are seeded ``UNetVectorField`` twins saved the same way;
their ``<case>.io.safetensors`` holds, all F32, images in gen's NHWC layout (the twin is fed and returns NCHW,
permuted here):

    x [N, H, W, C], t [1]             inputs of u(t, x) without labels (gen: ``model(t, x)``; label K with classes)
    output [N, H, W, C]               its output
    times [N], labels [N]             one time and one label per sample (labels hold integers 0..K, K included;
                                      all zero and unused without classes; gen: ``forwardTimes(t, x, labels)``)
    output_times [N, H, W, C]         its output

Usage: /usr/bin/python3 python/make_fixtures.py
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

UNET_CASES = {
    # 8 → 4: attention at the lower level, 2 heads; no classes.
    "unet-8x8x1": ("F32", dict(imageShape=[8, 8, 1], baseChannels=8, channelMultipliers=[1, 2],
                               attentionResolutions=[4], attentionHeads=2, groups=4, seed=5)),
    # 7 → 4 → (×2 = 8, cropped to 7): the crop on the way up; 3 classes and the "no class" label 3.
    "unet-7x7x2-classes": ("F16", dict(imageShape=[7, 7, 2], baseChannels=8, channelMultipliers=[1, 2],
                                       attentionResolutions=[4], attentionHeads=2, classes=3, seed=6)),
}


def unet_fixtures():
    out = os.path.join(OUT, "unet")
    os.makedirs(out, exist_ok=True)
    for index, (name, (dtype, config)) in enumerate(UNET_CASES.items()):
        model_path = os.path.join(out, f"{name}.safetensors")
        gen_torch.save_safetensors(gen_torch.UNetVectorField(**config), model_path, dtype)
        model = gen_torch.load_safetensors(model_path)
        height, width, channels = config["imageShape"]
        n = 4
        generator = torch.Generator().manual_seed(200 + index)
        x = torch.randn(n, height, width, channels, generator=generator)
        t = torch.tensor([0.3])
        times = torch.rand(n, generator=generator)
        classes = config.get("classes")
        labels = torch.tensor([0, classes, 1, classes - 1]) if classes else torch.zeros(n, dtype=torch.long)
        nchw = x.permute(0, 3, 1, 2)
        with torch.no_grad():
            output = model(t[0], nchw).permute(0, 2, 3, 1)
            output_times = model(times, nchw, labels if classes else None).permute(0, 2, 3, 1)
        gen_torch.write_safetensors(os.path.join(out, f"{name}.io.safetensors"),
                                    {"x": x, "t": t, "output": output, "times": times, "labels": labels.float(),
                                     "output_times": output_times}, {})
        print(f"{name}: {dtype}, {sum(p.numel() for p in model.state_dict().values())} numbers, "
              f"{os.path.getsize(model_path)} bytes")


def main():
    unet_fixtures()
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
