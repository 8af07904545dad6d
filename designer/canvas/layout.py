"""Layered left-to-right auto-layout: the Qt-free algorithm lives in `simulator.layout`
(imports of SAM/CloudFormation templates place their nodes with it too).

In the designer, a design with several Regions or accounts is laid out in bands, one per
(Region, account) group, Regions one under another, so that the canvas's group boxes
(designer/canvas/groups.py) do not overlap; each node keeps its layer (x) and, within its
band, the vertical order the layering gave it (empty rows closed up).
"""

from __future__ import annotations

from simulator.layout import COLUMN, ROW
from simulator.layout import layered_positions as _layered_positions
from simulator.model import DEFAULT_ACCOUNT, DEFAULT_REGION, Topology

Position = tuple[float, float]
CARD = 76.0  # a card's height (designer.canvas.node_item.HEIGHT; no Qt here)
ACCOUNT_GAP = 110.0  # between the account bands of a Region: their boxes' labels and margins
REGION_GAP = 170.0  # between Regions: the Region boxes' margins and labels too


def layered_positions(topology: Topology) -> dict[str, Position]:
    """Layered positions, in one band per (Region, account) when there are several."""
    positions = _layered_positions(topology)
    scenario = topology.scenario
    default = (
        str(getattr(scenario, "region", None) or DEFAULT_REGION),
        str(getattr(scenario, "account", None) or DEFAULT_ACCOUNT),
    )
    bands: dict[tuple[str, str], list[str]] = {}
    for node in topology.nodes:
        region = str(node.params.get("region") or default[0])
        account = str(node.params.get("account") or default[1])
        bands.setdefault((region, account), []).append(node.id)
    if len(bands) < 2:
        return positions
    regions = list(dict.fromkeys(region for region, _ in bands))
    order = sorted(bands, key=lambda key: (regions.index(key[0]), list(bands).index(key)))
    placed: dict[str, Position] = {}
    top, previous = 0.0, None
    for key in order:
        if previous is not None:
            top += REGION_GAP if key[0] != previous[0] else ACCOUNT_GAP
        members = bands[key]
        rows = {y: i for i, y in enumerate(sorted({positions[n][1] for n in members}))}
        for node_id in members:  # the band's rows close up, in the layering's order
            x, y = positions[node_id]
            placed[node_id] = (x, round(top + rows[y] * ROW, 1))
        top += (len(rows) - 1) * ROW + CARD
        previous = key
    return placed


__all__ = ["COLUMN", "ROW", "layered_positions"]
