"""Encrypted queues and topics at run time (issue 16): KMS requests and their latency.

See `simulator.model.encryption` for the model. A queue or topic keeps, per sending
principal (the node sending over an edge), the time its data key runs out; a send after
that calls KMS (GenerateDataKey and Decrypt, 2 requests), waits the sampled `kms_latency`
of each request and renews the key for the reuse period (a queue's `kms_data_key_reuse`;
a topic: SNS's 5 minutes). A queue's readers Decrypt too: they pull messages without
naming themselves, so a queue counts one Decrypt per reader for each reuse period in
which it handed out messages; the receive side adds no latency (not modelled).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from simulator.engine.rng import sampler
from simulator.model.distributions import Distribution
from simulator.model.encryption import SNS_DATA_KEY_REUSE

if TYPE_CHECKING:
    from simulator.engine.copies import Copy
    from simulator.engine.links import Link
    from simulator.engine.nodes.base import NodeSim
    from simulator.engine.rng import Sampler

KINDS = ("queue", "topic")


def encrypt_inputs(node: NodeSim) -> None:
    """Make the sends into an encrypted queue or topic call KMS (nothing for others)."""
    if node.node.kind not in KINDS or not node.node.get("encrypted"):
        return
    latency = sampler(
        Distribution.parse(node.node.get("kms_latency")), node.ctx.stream(node.id, "kms")
    )
    node.reported = (*node.reported, "kms_requests")
    topic = node.node.kind == "topic"
    reuse = SNS_DATA_KEY_REUSE if topic else float(node.node.get("kms_data_key_reuse"))
    for link in node.inputs:
        link.guard(_per_principal(node, link, reuse, latency))
    if not topic:
        _count_reads(node, reuse)


def _later(node: NodeSim, delay: float, receive: Callable[[Copy], None], copy: Copy) -> None:
    node.env.later(delay, lambda call: receive(call._value), copy)


def _per_principal(
    node: NodeSim, link: Link, reuse: float, latency: Sampler
) -> Callable[[Copy], None]:
    """The sender's data key is renewed when it ran out (2 requests, 2 latencies)."""
    receive, env = link.receive, node.env
    expires = [-1.0]  # the sending principal's data key (one principal per edge)

    def arrive(copy: Copy) -> None:
        if env.now < expires[0]:
            receive(copy)
            return
        expires[0] = env.now + reuse
        node.kms_requests += 2
        _later(node, latency() + latency(), receive, copy)

    return arrive


def _count_reads(node: NodeSim, reuse: float) -> None:
    """One Decrypt per reader whenever the queue hands out messages on an expired key."""
    source = node.as_source()
    if source is None:
        return
    readers = len(node.links)  # each consumer reading the queue is one principal
    expires = [-1.0]

    def counted(now: float) -> None:
        if now >= expires[0]:
            expires[0] = now + reuse
            node.kms_requests += readers

    source.on_receive = counted


__all__ = ["encrypt_inputs"]
