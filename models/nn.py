"""A minimal multilayer perceptron toolkit in numpy: dense layers with hand-written backward
passes, ReLU, softmax cross-entropy and Adam. Only what the two models in this folder need."""

import numpy as np


class Dense:
    """y = x @ W.T + b, with W of shape (out, in) (the row-major layout the exporter writes)."""

    def __init__(self, rng, n_in, n_out):
        self.W = rng.standard_normal((n_out, n_in)) * np.sqrt(2.0 / n_in)
        self.b = np.zeros(n_out)
        self.x = None
        self.dW = np.zeros_like(self.W)
        self.db = np.zeros_like(self.b)

    def forward(self, x):
        self.x = x
        return x @ self.W.T + self.b

    def backward(self, g):
        self.dW = g.T @ self.x
        self.db = g.sum(axis=0)
        return g @ self.W

    def params(self):
        return [(self.W, "dW"), (self.b, "db")]


class Relu:
    """max(x, 0)."""

    def __init__(self):
        self.mask = None

    def forward(self, x):
        self.mask = x > 0
        return x * self.mask

    def backward(self, g):
        return g * self.mask


class Mlp:
    """Dense layers with ReLU between them (none after the last)."""

    def __init__(self, rng, sizes):
        self.dense = [Dense(rng, a, b) for a, b in zip(sizes[:-1], sizes[1:])]
        self.relu = [Relu() for _ in self.dense[:-1]]

    def forward(self, x):
        for i, layer in enumerate(self.dense):
            x = layer.forward(x)
            if i < len(self.relu):
                x = self.relu[i].forward(x)
        return x

    def backward(self, g):
        for i in reversed(range(len(self.dense))):
            if i < len(self.relu):
                g = self.relu[i].backward(g)
            g = self.dense[i].backward(g)
        return g

    def layers(self):
        return self.dense


class Adam:
    """Adam with decoupled weight decay on the weight matrices (not the biases)."""

    def __init__(self, layers, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.0):
        self.layers = layers
        self.lr, self.b1, self.b2, self.eps, self.wd = lr, beta1, beta2, eps, weight_decay
        self.t = 0
        self.m = [[np.zeros_like(p) for p, _ in layer.params()] for layer in layers]
        self.v = [[np.zeros_like(p) for p, _ in layer.params()] for layer in layers]

    def step(self):
        self.t += 1
        c1 = 1.0 - self.b1**self.t
        c2 = 1.0 - self.b2**self.t
        for li, layer in enumerate(self.layers):
            for pi, (p, gname) in enumerate(layer.params()):
                g = getattr(layer, gname)
                m = self.m[li][pi]
                v = self.v[li][pi]
                m *= self.b1
                m += (1.0 - self.b1) * g
                v *= self.b2
                v += (1.0 - self.b2) * g * g
                p -= self.lr * (m / c1) / (np.sqrt(v / c2) + self.eps)
                if self.wd and p.ndim == 2:
                    p -= self.lr * self.wd * p


def softmax_cross_entropy(logits, labels):
    """Mean cross-entropy and its gradient with respect to the logits."""
    z = logits - logits.max(axis=1, keepdims=True)
    e = np.exp(z)
    p = e / e.sum(axis=1, keepdims=True)
    n = logits.shape[0]
    loss = -np.log(p[np.arange(n), labels] + 1e-12).mean()
    g = p.copy()
    g[np.arange(n), labels] -= 1.0
    return loss, g / n


def one_hot(labels, n=10):
    out = np.zeros((len(labels), n))
    out[np.arange(len(labels)), labels] = 1.0
    return out
