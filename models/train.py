"""Trains, quantizes and exports the two IMO models on scikit-learn's bundled 8x8 digits.

    pip install -r models/requirements.txt
    python models/train.py            # writes models/classifier.bin, generator.bin, digits-heldout.bin
    python models/train.py --check    # trains again and compares with the committed files

- classifier: 8x8 image (pixels 0..16) -> digit, an MLP 64 -> 128 -> 10, trained on the training
  split and its four one-pixel shifts (hidden width, epochs and the shifts were chosen on a
  validation part of the training split, never on the held-out set).
- generator: prompt (digit, seed) -> 8x8 image, the decoder of a conditional variational
  autoencoder: [one-hot digit (10), noise (8)] -> 64 -> 128 -> 64 pixels.

Everything is seeded and BLAS runs on one thread, so a re-run on the same machine and package
versions writes the same bytes (MODEL_CARD.md says what was checked). The figures printed here are
Python's own integer simulation, a sanity check; the model card's numbers come from Rust
(`cargo run -p imo-model --example card`)."""

import os

# Single-threaded BLAS: the order of floating-point sums, hence the trained weights, stays fixed.
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"

import hashlib  # noqa: E402
import pathlib  # noqa: E402
import sys  # noqa: E402

import numpy as np  # noqa: E402
from sklearn.datasets import load_digits  # noqa: E402
from sklearn.model_selection import train_test_split  # noqa: E402

import imo_format as fmt  # noqa: E402
from nn import Adam, Mlp, one_hot, softmax_cross_entropy  # noqa: E402

OUT = pathlib.Path(__file__).resolve().parent
SPLIT_SEED = 0  # train/held-out split of the 1,797 digits (25% held out, stratified)
CLASSIFIER_SEED = 1
GENERATOR_SEED = 2
NOISE_DIM = 8
# Sampling temperature: the decoder sees z = T * noise / NOISE_STD (T < 1 trades diversity for
# legibility). Chosen once and recorded in the card.
TEMPERATURE = 1.0
# Seeds used to calibrate the generator's activation ranges; the card measures seeds 0..99.
CALIBRATION_SEEDS = range(10_000, 10_200)


def load():
    digits = load_digits()
    x = digits.data.astype(np.int64)
    y = digits.target.astype(np.int64)
    return train_test_split(x, y, test_size=0.25, random_state=SPLIT_SEED, stratify=y)


def shifted(images, dx, dy):
    """The images moved by (dx, dy) pixels, zero-filled."""
    im = images.reshape(-1, 8, 8)
    out = np.zeros_like(im)
    dst_y, src_y = slice(max(dy, 0), 8 + min(dy, 0)), slice(max(-dy, 0), 8 + min(-dy, 0))
    dst_x, src_x = slice(max(dx, 0), 8 + min(dx, 0)), slice(max(-dx, 0), 8 + min(-dx, 0))
    out[:, dst_y, dst_x] = im[:, src_y, src_x]
    return out.reshape(-1, 64)


def train_classifier(x_train, y_train):
    rng = np.random.default_rng(CLASSIFIER_SEED)
    moves = [(0, 0), (1, 0), (-1, 0), (0, 1), (0, -1)]
    xs = fmt.image_to_state(np.concatenate([shifted(x_train, dx, dy) for dx, dy in moves])) / 127.0
    y_train = np.concatenate([y_train] * len(moves))
    net = Mlp(rng, [64, 128, 10])
    opt = Adam(net.layers(), lr=2e-3, weight_decay=1e-4)
    for epoch in range(60):
        order = rng.permutation(len(xs))
        for i in range(0, len(xs), 32):
            idx = order[i:i + 32]
            logits = net.forward(xs[idx])
            _, g = softmax_cross_entropy(logits, y_train[idx])
            net.backward(g)
            opt.step()
    return net


def train_generator(x_train, y_train, sigma2=0.02, beta=1.0, epochs=600):
    """A conditional VAE: encoder [x, c] -> 128 -> (mu, logvar); decoder [c, z] -> 64 -> 128 -> x."""
    rng = np.random.default_rng(GENERATOR_SEED)
    xs = x_train / 16.0
    cs = one_hot(y_train)
    enc = Mlp(rng, [64 + 10, 128, 2 * NOISE_DIM])
    dec = Mlp(rng, [10 + NOISE_DIM, 64, 128, 64])
    opt = Adam(enc.layers() + dec.layers(), lr=1e-3)
    for epoch in range(epochs):
        order = rng.permutation(len(xs))
        for i in range(0, len(xs), 64):
            idx = order[i:i + 64]
            x, c = xs[idx], cs[idx]
            n = len(idx)
            e = enc.forward(np.concatenate([x, c], axis=1))
            mu, lv = e[:, :NOISE_DIM], e[:, NOISE_DIM:]
            std = np.exp(0.5 * lv)
            eps = rng.standard_normal(mu.shape)
            z = mu + std * eps
            xhat = dec.forward(np.concatenate([c, z], axis=1))
            g_in = dec.backward((xhat - x) / sigma2 / n)
            g_z = g_in[:, 10:]
            g_mu = g_z + beta * mu / n
            g_lv = g_z * eps * 0.5 * std + beta * 0.5 * (np.exp(lv) - 1.0) / n
            enc.backward(np.concatenate([g_mu, g_lv], axis=1))
            opt.step()
    return dec


def float_layers(net):
    return [(d.W.copy(), d.b.copy()) for d in net.layers()]


def main():
    x_train, x_test, y_train, y_test = load()
    print(f"data: {len(y_train)} train, {len(y_test)} held out")

    clf_net = train_classifier(x_train, y_train)
    clf_calib = fmt.image_to_state(x_train)
    clf = fmt.quantize(float_layers(clf_net), [fmt.ACT_RELU, fmt.ACT_IDENTITY],
                       np.full(64, 1.0 / 127.0), clf_calib, None)
    float_acc = (clf_net.forward(fmt.image_to_state(x_test) / 127.0).argmax(1) == y_test).mean()
    pred = fmt.int_forward(clf, fmt.image_to_state(x_test)).argmax(1)
    print(f"classifier: held-out accuracy float {float_acc:.4f}, int8 {(pred == y_test).mean():.4f}")

    dec = train_generator(x_train, y_train)
    gen_scale = np.concatenate([np.full(10, 1.0 / 127.0),
                                np.full(NOISE_DIM, TEMPERATURE / fmt.NOISE_STD)])
    calib = np.array([fmt.generator_state(d, s, NOISE_DIM)
                      for d in range(10) for s in CALIBRATION_SEEDS])
    gen = fmt.quantize(float_layers(dec), [fmt.ACT_RELU, fmt.ACT_RELU, fmt.ACT_RELU],
                       gen_scale, calib, 1.0 / 127.0)
    states = np.array([fmt.generator_state(d, s, NOISE_DIM) for d in range(10) for s in range(100)])
    wanted = np.repeat(np.arange(10), 100)
    images = fmt.state_to_image(fmt.int_forward(gen, states))
    read = fmt.int_forward(clf, fmt.image_to_state(images)).argmax(1)
    print(f"generator: int8 images read as the requested digit {(read == wanted).mean():.4f}")

    files = {
        "classifier.bin": fmt.model_file(fmt.TASK_CLASSIFIER, clf),
        "generator.bin": fmt.model_file(fmt.TASK_GENERATOR, gen),
        "digits-heldout.bin": fmt.dataset_file(x_test, y_test),
    }
    check = "--check" in sys.argv[1:]
    same = True
    for name, data in files.items():
        digest = hashlib.sha256(data).hexdigest()
        if check:
            committed = (OUT / name).read_bytes()
            same &= committed == data
            verdict = "identical to" if committed == data else "DIFFERS from"
            print(f"models/{name}: {len(data)} bytes, sha256 {digest}, {verdict} the committed file")
        else:
            (OUT / name).write_bytes(data)
            print(f"wrote models/{name}: {len(data)} bytes, sha256 {digest}")
    if not same:
        sys.exit(1)


if __name__ == "__main__":
    main()
