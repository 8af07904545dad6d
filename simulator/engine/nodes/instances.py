"""Execution environments of a consumer with cold starts (the SimFaaS policy).

A request goes to an idle provisioned environment first, then to the most recently
created idle one, so surplus environments stay idle and are removed after `keep_alive`
seconds; when none is idle (and fewer than `concurrency` exist) a new one is created and
pays the cold start before serving. `provisioned` environments exist from the start,
never pay a cold start and are never removed.
"""

from __future__ import annotations

import heapq
from typing import TYPE_CHECKING

from simulator.engine.core import Call, Env
from simulator.engine.rng import Sampler
from simulator.engine.stats import Level

if TYPE_CHECKING:
    from simulator.engine.nodes.base import NodeSim


class Instance:
    """One execution environment; `generation` changes whenever it is taken or released."""

    __slots__ = ("alive", "generation", "serial")

    def __init__(self, serial: int):
        self.serial = serial
        self.alive = True
        self.generation = 0


class Instances:
    """The environments of one consumer: idle ones by creation order, and their count."""

    def __init__(
        self,
        owner: NodeSim,
        env: Env,
        cold_start: Sampler,
        keep_alive: float,
        provisioned: int = 0,
    ):
        self._owner = owner
        self._env = env
        self._cold_start = cold_start
        self._keep_alive = keep_alive
        # (rank, instance): idle provisioned ones first (oldest first), then newest first
        self._idle: list[tuple[int, Instance]] = []
        self._dead_idle = 0
        self.provisioned = provisioned
        self.level = Level(provisioned)  # environments alive (busy or warm-idle)
        for serial in range(1, provisioned + 1):
            heapq.heappush(self._idle, (self._rank(serial), Instance(serial)))
        self._serial = provisioned

    def _rank(self, serial: int) -> int:
        return serial - (1 << 40) if serial <= self.provisioned else -serial

    def has_idle(self) -> bool:
        """True when a warm environment is idle (no new one would be created)."""
        idle = self._idle
        while idle and not idle[0][1].alive:
            heapq.heappop(idle)
            self._dead_idle -= 1
        return bool(idle)

    def acquire(self, now: float) -> tuple[Instance, float]:
        """An environment for a request and the cold-start delay it pays (0 when warm)."""
        idle = self._idle
        while idle:
            _, instance = heapq.heappop(idle)
            if instance.alive:
                instance.generation += 1
                return instance, 0.0
            self._dead_idle -= 1
        self._serial += 1
        self.level.add(1, now)
        self._owner.cold_starts += 1
        return Instance(self._serial), self._cold_start()

    def release(self, instance: Instance, now: float) -> None:
        """The environment finished a request and idles; it is removed after keep-alive."""
        instance.generation += 1
        heapq.heappush(self._idle, (self._rank(instance.serial), instance))
        if instance.serial > self.provisioned:
            self._env.later(self._keep_alive, self._expire, instance, instance.generation)

    def _expire(self, call: Call) -> None:
        instance = call._value
        if not instance.alive or instance.generation != call.aux:
            return
        instance.alive = False
        self.level.add(-1, self._env.now)
        self._dead_idle += 1
        if self._dead_idle > 64 and self._dead_idle * 2 > len(self._idle):
            self._idle = [entry for entry in self._idle if entry[1].alive]
            heapq.heapify(self._idle)
            self._dead_idle = 0
