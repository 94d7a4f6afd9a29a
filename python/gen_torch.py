"""PyTorch twins of gen's models, and gen's safetensors files read and written without the safetensors package.

Depends on ``torch`` only (tested with PyTorch 1.13). A twin computes the same function as its gen model for
every config gen accepts, so a model trained in one runs in the other::

    import gen_torch
    model = gen_torch.load_safetensors("runs/moons/model.safetensors")  # written by gen's saveModel
    u = model(0.5, x)                                                    # x: [N, D] float32
    images = gen_torch.load_safetensors("runs/mnist/model.safetensors")  # a U-Net: x [N, C, H, W]
    gen_torch.save_safetensors(model, "finetuned.safetensors")          # gen's loadModel reads it

File layout (https://github.com/huggingface/safetensors): an 8-byte little-endian header length N, N bytes of
UTF-8 JSON ``{name: {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {str: str}}`` (padded with
spaces), then the tensors' row-major little-endian bytes. Under the metadata key ``"gen"`` a file carries the JSON
``{"kind": "mlp" or "unet", "config": {...}, "version": 1}``, the config keys spelled as in gen (``timeEmbedding``,
``fourierFeatures``, ...), so ``load_safetensors`` rebuilds the model with nothing else given. F32, F16, BF16 and
F64 tensors load (converted to float32); ``save_safetensors`` writes F32 unless asked otherwise.

MlpVectorField (gen kind ``"mlp"``) state_dict, in PyTorch's layout (gen transposes its kernels itself):

    =============================  =========  ================================================================
    name                           shape      gen tensor
    =============================  =========  ================================================================
    layers.<l>.weight              [out, in]  dense_<l>/kernel, stored [in, out] in gen
    layers.<l>.bias                [out]      dense_<l>/bias
    layers.<l>.spectral_u          [out]      dense_<l>/spectral_u (only with spectralNorm=True; a buffer)
    time_embedding.frequencies     [K]        time_embedding/frequencies (only with timeEmbedding="fourier")
    =============================  =========  ================================================================

``layers.<l>`` is the l-th ``nn.Linear``: l = 0 maps [x, e(t)] (width dim + 1, or dim + 2K with Fourier features)
to hidden[0], the last maps to dim.

The function: h = [x, e(t)] with e(t) = t (``"concat"``) or [sin(2π f t), cos(2π f t)] (``"fourier"``, f the K
frequencies); each layer h ← h Wᵀ + b, followed by the activation except after the last (``"silu"`` = ``"swish"``:
z·sigmoid(z); ``"tanh"``; ``"elu"``). With spectral normalisation each W is divided by σ = max(‖Wᵀu‖, 1e-12),
u the layer's ``spectral_u``; in training mode (``model.train()``) a forward pass first runs one power iteration
v ← Wᵀu/‖Wᵀu‖, u ← W v/‖W v‖ (norms floored at 1e-12) and stores the new u, as gen's ``forwardTimes`` does;
in eval mode (what ``load_safetensors`` returns) u is only read, as when gen's model is called as ``model(t, x)``.
Gradients treat u and v as constants, as gen's do.

UNetVectorField (gen kind ``"unet"``): u(t, x | label) on images. PyTorch's layout inside and at the boundary:
``model(t, x, labels)`` takes x [N, C, H, W] and returns [N, C, H, W] (gen's ``unetVectorField`` takes and returns
NHWC [N, H, W, C]; gen converts kernels on load and save, the user converts inputs with ``x.permute(0, 3, 1, 2)``).
Config keys as in gen: ``imageShape`` [H, W, C], ``baseChannels`` (8), ``channelMultipliers`` ([1, 2, 2]),
``resBlocks`` (1), ``attentionResolutions`` ([]), ``attentionHeads`` (1), ``dropout`` (0), ``groups`` (4),
``classes`` (K, optional), ``seed`` (0); E = 4·baseChannels, ch_i = baseChannels·channelMultipliers[i].

The function (gen's contract 4):
- embedding e = time_embed(features(t)) (+ class_embed[label] with classes; label K, "no class", when none is
  given), features(t) = [cos(1000 t f), sin(1000 t f)], f_i = exp(−ln(10000)·i/half), half = baseChannels/2;
- h = input_conv(x); skips = [h]; for each level i: ``resBlocks`` ResBlocks (each followed by an Attention when
  the level's spatial size H_i is in ``attentionResolutions``, H_0 = H, H_{i+1} = ceil(H_i/2)), each output pushed
  to skips; then, except on the last level, a 3×3 stride-2 conv (padding 1), its output pushed;
- middle: ResBlock, Attention, ResBlock;
- up, level i from last to first: ``resBlocks + 1`` ResBlocks on concat(h cropped to the skip's H, W from the top
  left, skips.pop()) along channels (each followed by an Attention as above); then, except on level 0, nearest
  ×2 upsampling and a 3×3 conv (padding 1);
- out_conv(SiLU(out_norm(h))).
ResBlock(in → out): h = conv1(SiLU(norm1(x))) + emb(SiLU(e)) over H, W; h = conv2(dropout(SiLU(norm2(h))));
returns (skip(x) if in ≠ out else x) + h. Attention(ch, heads): q, k, v = split(qkv(norm(x)), ch) per position,
head j on channels [j·d, (j+1)·d), d = ch/heads, softmax(q kᵀ/√d) over the H·W positions; x + proj(merged heads).
Every conv 3×3 pads 1 on each side, GroupNorm has ``groups`` groups, eps 1e-5, affine.

UNetVectorField state_dict (PyTorch's layout; gen stores conv kernels [kh, kw, in, out] and Linear kernels
[in, out] and transposes them itself):

    ==========================================  ====================  =============================================
    name                                        shape                 module
    ==========================================  ====================  =============================================
    time_embed.0.weight / .bias                 [E, base] / [E]       Linear(base → E)
    time_embed.2.weight / .bias                 [E, E] / [E]          Linear(E → E) (time_embed.1 is SiLU)
    class_embed.weight                          [K + 1, E]            Embedding, row K = no class (classes only)
    input_conv.weight / .bias                   [base, C, 3, 3]       Conv2d(C → base, 3, padding=1)
    down.<i>.res.<j>.norm1.weight / .bias       [in]                  GroupNorm(groups, in)
    down.<i>.res.<j>.conv1.weight / .bias       [out, in, 3, 3]       Conv2d(in → out, 3, padding=1)
    down.<i>.res.<j>.emb.weight / .bias         [out, E]              Linear(E → out)
    down.<i>.res.<j>.norm2.weight / .bias       [out]                 GroupNorm(groups, out)
    down.<i>.res.<j>.conv2.weight / .bias       [out, out, 3, 3]      Conv2d(out → out, 3, padding=1)
    down.<i>.res.<j>.skip.weight / .bias        [out, in, 1, 1]       Conv2d(in → out, 1) (only when in ≠ out)
    down.<i>.attn.<j>.norm.weight / .bias       [ch]                  GroupNorm(groups, ch) (attention levels)
    down.<i>.attn.<j>.qkv.weight / .bias        [3 ch, ch] / [3 ch]   Linear(ch → 3 ch): q, k, v in that order
    down.<i>.attn.<j>.proj.weight / .bias       [ch, ch] / [ch]       Linear(ch → ch)
    down.<i>.downsample.weight / .bias          [ch, ch, 3, 3]        Conv2d(ch → ch, 3, stride=2, padding=1)
    middle.{res1,attn,res2}.…                   as above              ResBlock, Attention, ResBlock
    up.<i>.res.<j>.… / up.<i>.attn.<j>.…        as above              j < resBlocks + 1, in = ch + skip channels
    up.<i>.upsample.weight / .bias              [ch, ch, 3, 3]        Conv2d after nearest ×2 (i > 0)
    out_norm.weight / .bias                     [ch_0]                GroupNorm(groups, ch_0)
    out_conv.weight / .bias                     [C, ch_0, 3, 3]       Conv2d(ch_0 → C, 3, padding=1)
    ==========================================  ====================  =============================================

``<i>`` is the level (0 = full resolution; ``up.<i>`` is the up path's level i, run from the last to 0) and
``<j>`` the block within it. ch_0 = baseChannels·channelMultipliers[0] is baseChannels in every config gen builds
today (gen's output layers assume channelMultipliers[0] = 1).
"""

import json
import math
import struct
import sys

import torch
import torch.nn.functional as F
from torch import nn

ACTIVATIONS = ("silu", "swish", "tanh", "elu")
TIME_EMBEDDINGS = ("concat", "fourier")
METADATA_KEY = "gen"
METADATA_VERSION = 1
MAX_HEADER_BYTES = 100_000_000
NORM_FLOOR = 1e-12
SPECTRAL_INIT_ITERATIONS = 15
DTYPES = {"F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16, "F64": torch.float64}
DTYPE_SIZES = {"F32": 4, "F16": 2, "BF16": 2, "F64": 8}


def _normalized(a):
    return a / a.norm().clamp_min(NORM_FLOOR)


class FourierTimeEmbedding(nn.Module):
    """Gaussian Fourier features of t: [sin(2π f t), cos(2π f t)] with fixed frequencies f ~ N(0, scale²)."""

    def __init__(self, count, scale, generator=None):
        super().__init__()
        self.register_buffer("frequencies", scale * torch.randn(count, generator=generator))

    def forward(self, t):
        """Features [N, 2K] of times [N]."""
        angles = t.reshape(-1, 1) * (self.frequencies * (2 * math.pi)).reshape(1, -1)
        return torch.cat([torch.sin(angles), torch.cos(angles)], dim=1)


class MlpVectorField(nn.Module):
    """The twin of gen's ``mlpVectorField``: u(t, x), [N, D] -> [N, D]. Arguments are gen's config keys.

    ``fastGradients`` only selects how gen assembles its backward pass and changes nothing here; ``seed`` seeds
    this module's own initial weights (PyTorch's default U(±1/√fan_in) for weights and biases), which differ from
    gen's for the same seed: weights travel in the file.
    """

    def __init__(
        self,
        dim,
        hidden=(256, 256, 256),
        activation="silu",
        timeEmbedding="concat",
        fourierFeatures=16,
        fourierScale=1.0,
        spectralNorm=False,
        fastGradients=True,
        seed=0,
    ):
        super().__init__()
        _check(isinstance(dim, int) and dim >= 1, "dim", "an integer >= 1", dim)
        _check(all(isinstance(w, int) and w >= 1 for w in hidden), "hidden", "integers >= 1", hidden)
        _check(activation in ACTIVATIONS, "activation", f"one of {ACTIVATIONS}", activation)
        _check(timeEmbedding in TIME_EMBEDDINGS, "timeEmbedding", f"one of {TIME_EMBEDDINGS}", timeEmbedding)
        _check(isinstance(fourierFeatures, int) and fourierFeatures >= 1, "fourierFeatures", "an integer >= 1",
               fourierFeatures)
        _check(isinstance(fourierScale, (int, float)) and 0 < fourierScale < math.inf, "fourierScale",
               "a positive number", fourierScale)
        _check(isinstance(spectralNorm, bool), "spectralNorm", "a bool", spectralNorm)
        _check(isinstance(fastGradients, bool), "fastGradients", "a bool", fastGradients)
        _check(isinstance(seed, int) and seed >= 0, "seed", "an integer >= 0", seed)
        self.config = {
            "dim": dim,
            "hidden": list(hidden),
            "activation": activation,
            "timeEmbedding": timeEmbedding,
            "fourierFeatures": fourierFeatures,
            "fourierScale": fourierScale,
            "spectralNorm": spectralNorm,
            "fastGradients": fastGradients,
            "seed": seed,
        }
        generator = torch.Generator().manual_seed(seed)
        time_width = 2 * fourierFeatures if timeEmbedding == "fourier" else 1
        widths = [dim + time_width, *hidden, dim]
        self.layers = nn.ModuleList()
        for fan_in, fan_out in zip(widths[:-1], widths[1:]):
            layer = nn.Linear(fan_in, fan_out)
            bound = 1 / math.sqrt(fan_in)
            with torch.no_grad():
                layer.weight.uniform_(-bound, bound, generator=generator)
                layer.bias.uniform_(-bound, bound, generator=generator)
                if spectralNorm:
                    u = _normalized(torch.randn(fan_out, generator=generator))
                    for _ in range(SPECTRAL_INIT_ITERATIONS):
                        u = _normalized(layer.weight @ _normalized(layer.weight.t() @ u))
                    layer.register_buffer("spectral_u", u)
            self.layers.append(layer)
        if timeEmbedding == "fourier":
            self.time_embedding = FourierTimeEmbedding(fourierFeatures, fourierScale, generator)

    def forward(self, t, x):
        """u(t, x): t a number, a 0-d tensor or one time per sample [N]; x [N, D] float32. Returns [N, D]."""
        if x.dim() != 2 or x.shape[1] != self.config["dim"]:
            raise ValueError(f"x: expected shape [N, {self.config['dim']}], received {list(x.shape)}")
        times = torch.as_tensor(t, dtype=x.dtype, device=x.device)
        if times.dim() == 0:
            times = times.expand(x.shape[0])
        if times.shape != (x.shape[0],):
            raise ValueError(f"t: expected a number or shape [{x.shape[0]}], received {list(times.shape)}")
        features = self.time_embedding(times) if self.config["timeEmbedding"] == "fourier" else times.reshape(-1, 1)
        h = torch.cat([x, features], dim=1)
        for index, layer in enumerate(self.layers):
            h = F.linear(h, self._weight(layer), layer.bias)
            if index + 1 < len(self.layers):
                h = self._activate(h)
        return h

    def _weight(self, layer):
        if not self.config["spectralNorm"]:
            return layer.weight
        if self.training:
            with torch.no_grad():
                v = _normalized(layer.weight.t() @ layer.spectral_u)
                layer.spectral_u.copy_(_normalized(layer.weight @ v))
        sigma = (layer.weight.t() @ layer.spectral_u).norm().clamp_min(NORM_FLOOR)
        return layer.weight / sigma

    def _activate(self, z):
        activation = self.config["activation"]
        if activation in ("silu", "swish"):
            return z * torch.sigmoid(z)
        if activation == "tanh":
            return torch.tanh(z)
        return F.elu(z)


# The keyword defaults of UNetVectorField: equal to gen's UNET_DEFAULTS (packages/train/src/models/unet/config.ts),
# as packages/train/test/unet-torch-twin.test.ts checks.
UNET_DEFAULTS = {
    "baseChannels": 8,
    "channelMultipliers": [1, 2, 2],
    "resBlocks": 1,
    "attentionResolutions": [],
    "attentionHeads": 1,
    "dropout": 0,
    "groups": 4,
    "classes": None,
    "seed": 0,
}


def sinusoidal_time_features(t, width):
    """[cos(1000 t f), sin(1000 t f)] with f_i = exp(−ln(10000)·i/half), i < half = width/2: [N] -> [N, width]."""
    half = width // 2
    frequencies = torch.exp(-math.log(10000.0) * torch.arange(half, dtype=torch.float32, device=t.device) / half)
    angles = (1000.0 * t).reshape(-1, 1) * frequencies.reshape(1, -1)
    return torch.cat([torch.cos(angles), torch.sin(angles)], dim=1)


class ResBlock(nn.Module):
    """h = conv1(SiLU(norm1(x))) + emb(SiLU(e)); h = conv2(dropout(SiLU(norm2(h)))); out = skip(x) + h."""

    def __init__(self, in_channels, out_channels, embed_width, groups, dropout):
        super().__init__()
        self.norm1 = nn.GroupNorm(groups, in_channels, eps=1e-5)
        self.conv1 = nn.Conv2d(in_channels, out_channels, 3, padding=1)
        self.emb = nn.Linear(embed_width, out_channels)
        self.norm2 = nn.GroupNorm(groups, out_channels, eps=1e-5)
        self.dropout = nn.Dropout(dropout)
        self.conv2 = nn.Conv2d(out_channels, out_channels, 3, padding=1)
        self.skip = nn.Conv2d(in_channels, out_channels, 1) if in_channels != out_channels else None

    def forward(self, x, embedding):
        h = self.conv1(F.silu(self.norm1(x)))
        h = h + self.emb(F.silu(embedding))[:, :, None, None]
        h = self.conv2(self.dropout(F.silu(self.norm2(h))))
        return (x if self.skip is None else self.skip(x)) + h


class Attention(nn.Module):
    """x + proj(multi-head softmax attention over the H·W positions of qkv(norm(x))), qkv and proj Linear layers."""

    def __init__(self, channels, heads, groups):
        super().__init__()
        self.heads = heads
        self.norm = nn.GroupNorm(groups, channels, eps=1e-5)
        self.qkv = nn.Linear(channels, 3 * channels)
        self.proj = nn.Linear(channels, channels)

    def forward(self, x):
        n, c, height, width = x.shape
        d = c // self.heads
        h = self.norm(x).reshape(n, c, height * width).transpose(1, 2)  # [N, HW, C]
        q, k, v = self.qkv(h).split(c, dim=2)  # each [N, HW, C]; head j holds channels j·d .. (j+1)·d − 1
        q, k, v = (a.reshape(n, height * width, self.heads, d).transpose(1, 2) for a in (q, k, v))  # [N, heads, HW, d]
        weights = torch.softmax(q @ k.transpose(2, 3) / math.sqrt(d), dim=3)
        merged = (weights @ v).transpose(1, 2).reshape(n, height * width, c)
        return x + self.proj(merged).transpose(1, 2).reshape(n, c, height, width)


class _Level(nn.Module):
    """One resolution of the down or up path: ``res.{j}``, ``attn.{j}`` and ``downsample`` / ``upsample``."""

    def __init__(self):
        super().__init__()
        self.res = nn.ModuleList()
        self.attn = nn.ModuleList()


class _Middle(nn.Module):
    def __init__(self, channels, embed_width, groups, dropout, heads):
        super().__init__()
        self.res1 = ResBlock(channels, channels, embed_width, groups, dropout)
        self.attn = Attention(channels, heads, groups)
        self.res2 = ResBlock(channels, channels, embed_width, groups, dropout)


class UNetVectorField(nn.Module):
    """The twin of gen's ``unetVectorField``: u(t, x[, labels]) on images, NCHW in and out. Arguments are gen's config keys.

    PyTorch's layout: ``x`` is [N, C, H, W] (gen's model takes [N, H, W, C]; gen transposes kernels and the
    layout of its state_dict itself, so files need no conversion). ``imageShape`` stays gen's [H, W, C], as in
    the file's metadata. ``seed`` seeds this module's own initial weights (PyTorch's defaults: U(±1/√fan_in) for
    conv and linear weights and biases, N(0, 1) for the class table, GroupNorm γ = 1, β = 0), which differ from
    gen's for the same seed: weights travel in the file.
    """

    def __init__(
        self,
        imageShape,
        baseChannels=UNET_DEFAULTS["baseChannels"],
        channelMultipliers=tuple(UNET_DEFAULTS["channelMultipliers"]),
        resBlocks=UNET_DEFAULTS["resBlocks"],
        attentionResolutions=tuple(UNET_DEFAULTS["attentionResolutions"]),
        attentionHeads=UNET_DEFAULTS["attentionHeads"],
        dropout=UNET_DEFAULTS["dropout"],
        groups=UNET_DEFAULTS["groups"],
        classes=None,
        seed=UNET_DEFAULTS["seed"],
    ):
        super().__init__()
        _check(isinstance(imageShape, (list, tuple)) and len(imageShape) == 3
               and all(isinstance(s, int) and s >= 1 for s in imageShape), "imageShape",
               "[H, W, C], integers >= 1", imageShape)
        _check(isinstance(baseChannels, int) and baseChannels >= 2 and baseChannels % 2 == 0, "baseChannels",
               "an even integer >= 2", baseChannels)
        _check(len(channelMultipliers) >= 1 and all(isinstance(m, int) and m >= 1 for m in channelMultipliers),
               "channelMultipliers", "a non-empty list of integers >= 1", channelMultipliers)
        _check(isinstance(resBlocks, int) and resBlocks >= 1, "resBlocks", "an integer >= 1", resBlocks)
        _check(all(isinstance(r, int) and r >= 1 for r in attentionResolutions), "attentionResolutions",
               "integers >= 1", attentionResolutions)
        _check(isinstance(attentionHeads, int) and attentionHeads >= 1, "attentionHeads", "an integer >= 1",
               attentionHeads)
        _check(isinstance(dropout, (int, float)) and 0 <= dropout < 1, "dropout", "a number in [0, 1)", dropout)
        widths = [baseChannels * m for m in channelMultipliers]
        counts = [baseChannels, *widths]
        _check(isinstance(groups, int) and groups >= 1 and all(w % groups == 0 for w in counts), "groups",
               f"an integer >= 1 dividing every channel count {counts}", groups)
        sizes = [imageShape[0]]
        while len(sizes) < len(widths):
            sizes.append((sizes[-1] + 1) // 2)
        attended = [w for w, size in zip(widths, sizes) if size in attentionResolutions] + [widths[-1]]
        _check(all(w % attentionHeads == 0 for w in attended), "attentionHeads",
               f"a divisor of the channels of every attention layer {attended}", attentionHeads)
        _check(classes is None or (isinstance(classes, int) and classes >= 1), "classes",
               "None or an integer >= 1", classes)
        _check(isinstance(seed, int) and seed >= 0, "seed", "an integer >= 0", seed)
        self.config = {
            "imageShape": list(imageShape),
            "baseChannels": baseChannels,
            "channelMultipliers": list(channelMultipliers),
            "resBlocks": resBlocks,
            "attentionResolutions": list(attentionResolutions),
            "attentionHeads": attentionHeads,
            "dropout": dropout,
            "groups": groups,
            **({} if classes is None else {"classes": classes}),
            "seed": seed,
        }
        channels = imageShape[2]
        embed_width = 4 * baseChannels
        self.time_embed = nn.Sequential(nn.Linear(baseChannels, embed_width), nn.SiLU(),
                                        nn.Linear(embed_width, embed_width))
        if classes is not None:
            self.class_embed = nn.Embedding(classes + 1, embed_width)
        self.input_conv = nn.Conv2d(channels, baseChannels, 3, padding=1)

        def block(in_channels, out_channels):
            return ResBlock(in_channels, out_channels, embed_width, groups, dropout)

        self.down = nn.ModuleList()
        skips = [baseChannels]
        ch = baseChannels
        for i, width in enumerate(widths):
            level = _Level()
            for _ in range(resBlocks):
                level.res.append(block(ch, width))
                ch = width
                if sizes[i] in attentionResolutions:
                    level.attn.append(Attention(ch, attentionHeads, groups))
                skips.append(ch)
            if i + 1 < len(widths):
                level.downsample = nn.Conv2d(ch, ch, 3, stride=2, padding=1)
                skips.append(ch)
            self.down.append(level)
        self.middle = _Middle(ch, embed_width, groups, dropout, attentionHeads)
        up = {}
        for i in reversed(range(len(widths))):
            level = _Level()
            for _ in range(resBlocks + 1):
                level.res.append(block(ch + skips.pop(), widths[i]))
                ch = widths[i]
                if sizes[i] in attentionResolutions:
                    level.attn.append(Attention(ch, attentionHeads, groups))
            if i > 0:
                level.upsample = nn.Conv2d(ch, ch, 3, padding=1)
            up[i] = level
        self.up = nn.ModuleList(up[i] for i in range(len(widths)))
        self.out_norm = nn.GroupNorm(groups, ch, eps=1e-5)
        self.out_conv = nn.Conv2d(ch, channels, 3, padding=1)
        self._initialise(torch.Generator().manual_seed(seed))

    def _initialise(self, generator):
        with torch.no_grad():
            for module in self.modules():
                if isinstance(module, (nn.Conv2d, nn.Linear)):
                    bound = 1 / math.sqrt(module.weight[0].numel())  # fan_in = in·kh·kw
                    module.weight.uniform_(-bound, bound, generator=generator)
                    module.bias.uniform_(-bound, bound, generator=generator)
                elif isinstance(module, nn.Embedding):
                    module.weight.normal_(generator=generator)

    def forward(self, t, x, labels=None):
        """u(t, x | labels): t a number, a 0-d tensor or [N]; x [N, C, H, W] float32; labels int [N] in 0..K or None.

        With ``classes`` set, labels None means label K ("no class") for every sample, as gen's ``model(t, x)``;
        without ``classes``, labels must be None. Returns [N, C, H, W].
        """
        height, width, channels = self.config["imageShape"]
        if x.dim() != 4 or tuple(x.shape[1:]) != (channels, height, width):
            raise ValueError(f"x: expected shape [N, {channels}, {height}, {width}] (NCHW), received {list(x.shape)}")
        n = x.shape[0]
        times = torch.as_tensor(t, dtype=x.dtype, device=x.device)
        if times.dim() == 0:
            times = times.expand(n)
        if times.shape != (n,):
            raise ValueError(f"t: expected a number or shape [{n}], received {list(times.shape)}")
        embedding = self.time_embed(sinusoidal_time_features(times, self.config["baseChannels"]))
        classes = self.config.get("classes")
        if classes is None:
            if labels is not None:
                raise ValueError("labels: expected None for a model without classes, received a tensor")
        else:
            if labels is None:
                labels = torch.full((n,), classes, dtype=torch.long, device=x.device)
            labels = torch.as_tensor(labels, device=x.device).long()
            if labels.shape != (n,) or labels.min() < 0 or labels.max() > classes:
                raise ValueError(f"labels: expected [{n}] integers in 0..{classes}, received {list(labels.shape)}")
            embedding = embedding + self.class_embed(labels)
        h = self.input_conv(x)
        skips = [h]
        for level in self.down:
            for j, res in enumerate(level.res):
                h = res(h, embedding)
                if len(level.attn):
                    h = level.attn[j](h)
                skips.append(h)
            if hasattr(level, "downsample"):
                h = level.downsample(h)
                skips.append(h)
        h = self.middle.res2(self.middle.attn(self.middle.res1(h, embedding)), embedding)
        for i in reversed(range(len(self.up))):
            level = self.up[i]
            for j, res in enumerate(level.res):
                skip = skips.pop()
                h = res(torch.cat([h[:, :, :skip.shape[2], :skip.shape[3]], skip], dim=1), embedding)
                if len(level.attn):
                    h = level.attn[j](h)
            if hasattr(level, "upsample"):
                h = level.upsample(F.interpolate(h, scale_factor=2, mode="nearest"))
        return self.out_conv(F.silu(self.out_norm(h)))


KINDS = {"mlp": MlpVectorField, "unet": UNetVectorField}



def _check(ok, name, expected, received):
    if not ok:
        raise ValueError(f"{name}: expected {expected}, received {received!r}"[:300])


def save_safetensors(model, path, dtype="F32"):
    """Writes ``model``'s state_dict and gen metadata to ``path`` (dtype "F32", or "F16", "BF16", "F64")."""
    kinds = [kind for kind, cls in KINDS.items() if isinstance(model, cls)]
    if not kinds:
        raise TypeError(f"model: expected one of {list(KINDS.values())}, received {type(model)}")
    info = {"kind": kinds[0], "config": model.config, "version": METADATA_VERSION}
    write_safetensors(path, model.state_dict(), {METADATA_KEY: json.dumps(info)}, dtype)


def write_safetensors(path, tensors, metadata, dtype="F32"):
    """Writes a dict of tensors (converted to ``dtype``) and string metadata as a safetensors file."""
    if sys.byteorder != "little":
        raise RuntimeError("gen_torch writes safetensors on little-endian hosts only")
    if dtype not in DTYPES:
        raise ValueError(f"dtype: expected one of {list(DTYPES)}, received {dtype!r}")
    header = {"__metadata__": dict(metadata)}
    chunks = []
    offset = 0
    for name, tensor in tensors.items():
        data = tensor.detach().to("cpu", DTYPES[dtype]).contiguous().reshape(-1).view(torch.uint8)
        chunk = bytes(data.tolist())
        header[name] = {"dtype": dtype, "shape": list(tensor.shape), "data_offsets": [offset, offset + len(chunk)]}
        chunks.append(chunk)
        offset += len(chunk)
    text = json.dumps(header).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as file:
        file.write(struct.pack("<Q", len(text)))
        file.write(text)
        for chunk in chunks:
            file.write(chunk)


def read_safetensors(path):
    """(metadata dict, {name: float32 tensor}) of a safetensors file of float tensors, every range checked."""
    with open(path, "rb") as file:
        data = file.read()
    if len(data) < 8:
        raise ValueError(f"{path}: not a safetensors file ({len(data)} bytes)")
    (length,) = struct.unpack("<Q", data[:8])
    if length > MAX_HEADER_BYTES or 8 + length > len(data):
        raise ValueError(f"{path}: header length {length} is too large")
    header = json.loads(data[8:8 + length].decode("utf-8"))
    if not isinstance(header, dict):
        raise ValueError(f"{path}: the header is not a JSON object")
    metadata = header.pop("__metadata__", {})
    buffer = memoryview(data)[8 + length:]
    tensors = {}
    covered = 0
    for name, entry in sorted(header.items(), key=lambda item: tuple(item[1].get("data_offsets", ()))):
        dtype, shape, (begin, end) = entry["dtype"], entry["shape"], entry["data_offsets"]
        if dtype not in DTYPES:
            raise ValueError(f"{path}[{name!r}]: dtype {dtype!r} is not one of {list(DTYPES)}")
        if begin != covered or end < begin or math.prod(shape) * DTYPE_SIZES[dtype] != end - begin:
            raise ValueError(f"{path}[{name!r}]: data_offsets {[begin, end]} do not fit shape {shape} ({dtype})")
        covered = end
        if end == begin:
            tensors[name] = torch.zeros(shape, dtype=torch.float32)
        else:
            raw = torch.frombuffer(bytearray(buffer[begin:end]), dtype=DTYPES[dtype])
            tensors[name] = raw.reshape(shape).to(torch.float32)
    if covered != len(buffer):
        raise ValueError(f"{path}: the tensors cover {covered} of the buffer's {len(buffer)} bytes")
    return metadata, tensors


def load_safetensors(path):
    """The model of a safetensors file written by gen or by ``save_safetensors``, in eval mode."""
    metadata, tensors = read_safetensors(path)
    if METADATA_KEY not in metadata:
        raise ValueError(f'{path}: no "{METADATA_KEY}" metadata; was it written by gen or gen_torch?')
    info = json.loads(metadata[METADATA_KEY])
    if info.get("version") != METADATA_VERSION:
        raise ValueError(f"{path}: gen metadata version {info.get('version')!r}, expected {METADATA_VERSION}")
    if info.get("kind") not in KINDS:
        raise ValueError(f"{path}: model kind {info.get('kind')!r} is not one of {list(KINDS)}")
    model = KINDS[info["kind"]](**info["config"])
    model.load_state_dict(tensors, strict=True)
    return model.eval()
