"""The integer model format of crates/imo-model, written from Python: post-training quantization,
an exact integer simulation of the Rust inference (for sanity checks while training; the numbers
in MODEL_CARD.md come from Rust), the seed -> noise generator, and the binary file writers.

Byte layouts are specified in crates/imo-model/README.md; this file must agree with it."""

import struct

import numpy as np

ACT_IDENTITY = 0
ACT_RELU = 1
TASK_CLASSIFIER = 0
TASK_GENERATOR = 1
MAX_WIDTH = 256
MAX_BIAS = 1 << 30
MAX_MULT = (1 << 31) - 1


class IntLayer:
    """One quantized dense layer: y = sat(act((acc * mult[r] + 2^(shift-1)) >> shift)),
    acc = bias[r] + sum_j W[r, j] * x[j]."""

    def __init__(self, W, bias, mult, shift, act):
        self.W, self.bias, self.mult, self.shift, self.act = W, bias, mult, shift, act

    def forward(self, x):
        acc = x.astype(np.int64) @ self.W.astype(np.int64).T + self.bias
        y = (acc * self.mult + (1 << (self.shift - 1))) >> self.shift
        lo = 0 if self.act == ACT_RELU else -128
        return np.clip(y, lo, 127).astype(np.int64)


def int_forward(layers, x):
    """Runs every layer on a batch of integer states; returns the last state."""
    for layer in layers:
        x = layer.forward(x)
    return x


def quantize(float_layers, acts, in_scale, calib_x, out_scale_last, percentile=99.9):
    """Post-training quantization.

    float_layers: [(W (out, in), b)]; acts: activation per layer; in_scale: the float value of one
    integer unit of each input (vector), folded into the first layer's weights; calib_x: integer
    inputs used to choose each hidden layer's output scale; out_scale_last: the float value of one
    integer unit of the last layer's output (None: max |output| / 127 on the calibration set)."""
    layers = []
    scale = np.asarray(in_scale, dtype=np.float64)
    x = calib_x.astype(np.int64)
    for i, ((W, b), act) in enumerate(zip(float_layers, acts)):
        Wf = W * scale[None, :] if scale.ndim == 1 else W * scale
        row_scale = np.abs(Wf).max(axis=1) / 127.0
        row_scale[row_scale == 0] = 1.0
        Wq = np.clip(np.round(Wf / row_scale[:, None]), -127, 127).astype(np.int64)
        bias = np.round(b / row_scale).astype(np.int64)
        assert np.all(np.abs(bias) <= MAX_BIAS), "bias out of range"
        # Float pre-activations of the quantized weights, to choose the output scale.
        pre = (x @ Wq.T + bias) * row_scale[None, :]
        last = i == len(float_layers) - 1
        if last and out_scale_last is not None:
            out_scale = out_scale_last
        elif act == ACT_RELU:
            out_scale = max(np.percentile(pre[pre > 0], percentile), 1e-6) / 127.0
        else:
            out_scale = max(np.abs(pre).max(), 1e-6) / 127.0
        ratio = row_scale / out_scale
        shift = int(min(62, np.floor(np.log2(MAX_MULT / ratio.max()))))
        assert shift >= 1, "requantization ratio too large"
        mult = np.round(ratio * (1 << shift)).astype(np.int64)
        assert np.all((mult > 0) & (mult <= MAX_MULT))
        layer = IntLayer(Wq, bias, mult, shift, act)
        layers.append(layer)
        x = layer.forward(x)
        scale = np.float64(out_scale)
    return layers


def layer_block(layer, rows_per_block):
    """The layer's parameter block: a 16-byte header, then per output row bias i32, mult i32 and
    the row's int8 weights (little endian)."""
    out_dim, in_dim = layer.W.shape
    assert 1 <= in_dim <= MAX_WIDTH and 1 <= out_dim <= MAX_WIDTH
    rows_per_block = min(rows_per_block, out_dim)
    head = b"IMOL" + struct.pack("<BBBBHHHH", 1, layer.act, layer.shift, 0, in_dim, out_dim,
                                 rows_per_block, 0)
    rows = bytearray()
    for r in range(out_dim):
        rows += struct.pack("<ii", int(layer.bias[r]), int(layer.mult[r]))
        rows += layer.W[r].astype(np.int8).tobytes()
    return head + bytes(rows)


def model_file(task, layers, rows_per_block=16):
    """The model file: "IMOM", version 1, task, layer count, reserved, then per layer its block
    length (u32) and block."""
    out = bytearray(b"IMOM" + struct.pack("<BBBB", 1, task, len(layers), 0))
    for layer in layers:
        block = layer_block(layer, rows_per_block)
        out += struct.pack("<I", len(block)) + block
    return bytes(out)


def dataset_file(images, labels):
    """A labelled set of 8x8 images (pixels 0..16): "IMOD", version 1, reserved, count (u16),
    then per sample its label and 64 pixels."""
    out = bytearray(b"IMOD" + struct.pack("<BBH", 1, 0, len(labels)))
    for img, label in zip(images, labels):
        px = np.asarray(img, dtype=np.int64)
        assert px.shape == (64,) and px.min() >= 0 and px.max() <= 16
        out += bytes([int(label)]) + bytes(px.astype(np.uint8))
    return bytes(out)


# ---- the input and output encodings (mirrors of crates/imo-model/src/encoding.rs) ----

def image_to_state(pixels):
    """Classifier input: pixel p in 0..16 -> (p * 127 + 8) // 16."""
    return (np.asarray(pixels, dtype=np.int64) * 127 + 8) // 16


def state_to_image(state):
    """Generator output: v (clipped at 0) -> (v * 16 + 63) // 127, pixels 0..16."""
    v = np.maximum(np.asarray(state, dtype=np.int64), 0)
    return (v * 16 + 63) // 127


def _mix(counter):
    z = counter & 0xFFFFFFFF
    z = ((z ^ (z >> 16)) * 0x21F0AAAD) & 0xFFFFFFFF
    z = ((z ^ (z >> 15)) * 0x735A2D97) & 0xFFFFFFFF
    return z ^ (z >> 15)


def noise(seed, dim):
    """The generator's noise for a seed: per value, the sum of the four bytes of one PRNG output
    minus 510, divided by 4 with rounding half up, clamped to -127..127 (about N(0, 1) * 36.95)."""
    state = seed & 0xFFFFFFFF
    out = []
    for _ in range(dim):
        state = (state + 0x9E3779B9) & 0xFFFFFFFF
        r = _mix(state)
        s = (r & 0xFF) + ((r >> 8) & 0xFF) + ((r >> 16) & 0xFF) + (r >> 24)
        out.append(max(-127, min(127, (s - 510 + 2) >> 2)))
    return np.array(out, dtype=np.int64)


# One integer unit of noise in units of the standard normal the decoder was trained on.
NOISE_STD = np.sqrt(4 * (256**2 - 1) / 12.0) / 4.0


def generator_state(digit, seed, noise_dim):
    """Generator input state: one-hot digit (127 at the digit) followed by the seed's noise."""
    s = np.zeros(10 + noise_dim, dtype=np.int64)
    s[digit] = 127
    s[10:] = noise(seed, noise_dim)
    return s
