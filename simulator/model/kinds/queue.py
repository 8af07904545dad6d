"""Queue: a buffer polled by consumers (SQS)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from simulator.model.encryption import QUEUE_PARAMS, encryption_rules
from simulator.model.kinds.base import Diagram, NodeKind
from simulator.model.params import Param

if TYPE_CHECKING:
    from simulator.model.topology import Node


def may_fail(node: Node, duration: float) -> bool:
    """A full queue rejects, redrive dead-letters, and messages expire within the run."""
    return (
        node.get("capacity") is not None
        or node.get("max_receive_count") is not None
        or node.get("retention") < duration
    )


def reader_tries(node: Node) -> int | None:
    """Receives of one message before redrive (None: unlimited)."""
    return node.get("max_receive_count")


def rules(params: Mapping[str, Any]) -> list[str]:
    """Message groups need a FIFO queue; KMS settings an encrypted one."""
    problems = encryption_rules(params)
    if params.get("group_by") and not params.get("fifo"):
        problems.append(".group_by: only FIFO queues have message groups (set fifo: true)")
    return problems


def summary(node: Node) -> str:
    """Visibility timeout, redrive limit and FIFO."""
    parts = [f"vis {node.get('visibility_timeout'):g}s"]
    if node.get("max_receive_count"):
        parts.append(f"max recv {node.get('max_receive_count')}")
    if node.get("fifo"):
        parts.append("FIFO")
    return ", ".join(parts)


KIND = NodeKind(
    name="queue",
    title="Queue",
    aws="SQS queue",
    doc="Holds messages until a consumer receives and deletes them.",
    params=(
        Param(
            "visibility_timeout",
            "number",
            30,
            minimum=0,
            maximum=43200,
            unit="s",
            doc="A received message is hidden this long; not deleted by then, it reappears",
        ),
        Param(
            "max_receive_count",
            "int",
            None,
            minimum=1,
            maximum=1000,
            optional=True,
            doc="Receives before redrive to the dead-letter edge (none: never)",
        ),
        Param(
            "retention",
            "number",
            345600,
            minimum=60,
            maximum=1209600,
            unit="s",
            doc="Messages older than this are deleted (expired)",
        ),
        Param("delay", "number", 0, minimum=0, maximum=900, unit="s", doc="Delivery delay"),
        Param(
            "capacity",
            "int",
            None,
            minimum=1,
            optional=True,
            unit="messages",
            doc="Messages held at most; a full queue rejects (none: unbounded)",
        ),
        Param("fifo", "bool", False, doc="FIFO queue: ordered per message group"),
        Param(
            "group_by",
            "path",
            None,
            optional=True,
            doc="FIFO message group id: a field path such as detail.customer",
        ),
        Param(
            "duplicate_rate",
            "number",
            0,
            minimum=0,
            maximum=0.5,
            doc="Standard queues: probability that a message is delivered twice",
        ),
        *QUEUE_PARAMS,
    ),
    targets={"flow": frozenset({"consumer"}), "dead-letter": frozenset({"queue"})},
    may_fail=may_fail,
    reader_tries=reader_tries,
    rules=rules,
    dead_end="no consumer reads this queue: messages pile up until they expire",
    summary=summary,
    diagram=Diagram(('[("', '")]'), "cylinder", "#e8f5e9"),
)
