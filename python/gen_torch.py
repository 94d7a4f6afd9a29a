"""PyTorch twins of gen's models, and gen's safetensors files read and written without the safetensors package.

Depends on ``torch`` only (tested with PyTorch 1.13). A twin computes the same function as its gen model for
every config gen accepts, so a model trained in one runs in the other::

    import gen_torch
    model = gen_torch.load_safetensors("runs/moons/model.safetensors")  # written by gen's saveModel
    u = model(0.5, x)                                                    # x: [N, D] float32
    gen_torch.save_safetensors(model, "finetuned.safetensors")          # gen's loadModel reads it

File layout (https://github.com/huggingface/safetensors): an 8-byte little-endian header length N, N bytes of
UTF-8 JSON ``{name: {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {str: str}}`` (padded with
spaces), then the tensors' row-major little-endian bytes. Under the metadata key ``"gen"`` a file carries the JSON
``{"kind": "mlp", "config": {...}, "version": 1}``, the config keys spelled as in gen (``timeEmbedding``,
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


KINDS = {"mlp": MlpVectorField}


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
