"""Random streams: one seeded generator per component and purpose, and fast samplers.

Each stream is keyed by a stable hash of the component id (and what it is used for), so
changing one node's parameters or adding a node does not reshuffle any other node's
randomness. Samplers draw in blocks with numpy and hand out plain floats.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Callable, Iterator
from typing import Final

import numpy as np

from simulator.model.distributions import Distribution

BLOCK: Final = 512

Sampler = Callable[[], float]


def stable_key(text: str) -> int:
    """A 64-bit hash of `text` that is the same in every process and Python version."""
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "little")


def stream(seed: int, component: str, purpose: str = "") -> np.random.Generator:
    """The generator of `component` for `purpose` under `seed`."""
    sequence = np.random.SeedSequence(
        entropy=abs(int(seed)), spawn_key=(stable_key(component), stable_key(purpose))
    )
    return np.random.Generator(np.random.PCG64(sequence))


def _block(dist: Distribution, rng: np.random.Generator, size: int) -> np.ndarray:
    if dist.name == "exponential":
        return rng.exponential(dist.a, size)
    if dist.name == "uniform":
        return rng.uniform(dist.a, dist.b, size)
    if dist.name == "normal":
        return np.maximum(rng.normal(dist.a, dist.b, size), 0.0)
    if dist.name == "lognormal":
        return rng.lognormal(dist.a, dist.b, size)
    if dist.name == "gamma":
        return rng.gamma(dist.a, dist.b, size)
    if dist.name == "weibull":
        return dist.b * rng.weibull(dist.a, size)
    if dist.name == "pareto":
        return dist.b * (1.0 + rng.pareto(dist.a, size))
    if dist.name == "hyperexponential":  # a phase per draw, then its exponential
        phase = rng.choice(len(dist.probs), size, p=dist.probs)
        return np.asarray(dist.values)[phase] * rng.exponential(1.0, size)
    if dist.name == "empirical":  # each measured value with its frequency in the file
        return np.asarray(dist.values)[rng.integers(0, len(dist.values), size)]
    return np.full(size, dist.a)


def _blocks(dist: Distribution, rng: np.random.Generator) -> Iterator[float]:
    """The samples of `dist`, drawn BLOCK at a time when needed (a C-level iterator: no
    Python frame per sample)."""
    return itertools.chain.from_iterable(iter(lambda: _block(dist, rng, BLOCK).tolist(), None))


def sampler(dist: Distribution, rng: np.random.Generator, scale: float = 1.0) -> Sampler:
    """A zero-argument function returning the next sample of `dist`, times `scale` (applied
    to each block of draws, so a scaled sampler costs nothing more per sample)."""
    if dist.name == "constant":
        return itertools.repeat(float(dist.a) * scale).__next__
    if scale != 1.0:
        blocks = iter(lambda: (_block(dist, rng, BLOCK) * scale).tolist(), None)
        return itertools.chain.from_iterable(blocks).__next__
    return _blocks(dist, rng).__next__


def uniform(rng: np.random.Generator) -> Sampler:
    """A zero-argument function returning the next U(0, 1) sample."""
    blocks = iter(lambda: rng.random(BLOCK).tolist(), None)
    return itertools.chain.from_iterable(blocks).__next__


def exponential(rng: np.random.Generator, mean: float) -> Sampler:
    """A zero-argument function returning the next exponential sample with `mean`."""
    return sampler(Distribution("exponential", mean), rng)
