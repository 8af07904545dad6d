"""Lambda concurrency quotas are per account and Region: the consumers of a design grouped
by where they run, and what each group claims of its pool (issue 15 with issue 16's
placements)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from simulator.model.params import is_number

if TYPE_CHECKING:
    from simulator.model.topology import Node, Topology


def consumer_placements(topology: Topology) -> dict[tuple[str, str], list[Node]]:
    """The consumers by (account, Region), in node order: each group shares one pool of
    `scenario.account_concurrency` concurrent executions."""
    groups: dict[tuple[str, str], list[Node]] = {}
    for node in topology.nodes:
        if node.kind == "consumer":
            key = (topology.account_of(node.id), topology.region_of(node.id))
            groups.setdefault(key, []).append(node)
    return groups


def claims(nodes: list[Node]) -> tuple[int, int]:
    """What a group's functions take out of the shared pool for good: their reserved
    concurrency, and the provisioned concurrency of those without a reservation
    (AWS counts allocated provisioned concurrency against the account, busy or not;
    a reserved function's provisioned environments come out of its reservation)."""
    reserved = provisioned = 0
    for node in nodes:
        value, kept = node.params.get("reserved_concurrency"), node.params.get("provisioned")
        if value is not None and is_number(value):
            reserved += int(value)
        elif kept is not None and is_number(kept):
            provisioned += int(kept)
    return reserved, provisioned


def placement_text(topology: Topology, key: tuple[str, str]) -> str:
    """` (account A in R)` when the design runs in several accounts or Regions, else ``."""
    if len(consumer_placements(topology)) < 2:
        return ""
    return f" (account {key[0]} in {key[1]})"


@dataclass(frozen=True)
class Pool:
    """What one consumer can draw from its account in its Region.

    size: concurrent executions at most (its reservation, else the shared rest plus its
    own provisioned environments); text: how a warning names that limit; group: its
    placement when it shares the unreserved rest (None with a reservation); own: its
    provisioned environments outside the shared rest; unreserved: that shared rest.
    """

    size: int
    text: str
    group: tuple[str, str] | None
    own: int
    unreserved: int


def consumer_pools(topology: Topology) -> dict[str, Pool]:
    """Each consumer's pool, by node id (see `Pool`)."""
    account = int(topology.scenario.account_concurrency)
    pools: dict[str, Pool] = {}
    for key, nodes in consumer_placements(topology).items():
        where = placement_text(topology, key)
        rest = account - sum(claims(nodes))
        for node in nodes:
            reserved = node.params.get("reserved_concurrency")
            if reserved is not None and is_number(reserved):
                text = f"its reserved concurrency of {int(reserved)}"
                pools[node.id] = Pool(int(reserved), text, None, 0, rest)
                continue
            own = int(node.get("provisioned"))
            text = f"the account's unreserved pool of {rest} (of {account}){where}"
            if own:
                text += f" and its {own} provisioned"
            pools[node.id] = Pool(max(0, rest) + own, text, key, own, rest)
    return pools
