"""Overlay badges: what a card says about its node while a run is shown, per kind."""

from __future__ import annotations

from PySide6.QtGui import QColor

from designer.look.registry import NEUTRAL, BadgeFacts

SPIKE = "#E67700"


def heat(fraction: float) -> str:
    """Green (0) through amber to red (1 and above)."""
    hue = 120.0 * (1.0 - min(1.0, max(0.0, fraction)))
    return QColor.fromHsvF(hue / 360.0, 0.85, 0.80).name()


def queue_badge(facts: BadgeFacts) -> tuple[str, str]:
    """Messages waiting (and in flight), hotter as the depth nears the run's peak."""
    fig = facts.figures
    text = f"{fig.depth:,.0f} waiting"
    if fig.busy >= 1:
        text += f" · {fig.busy:,.0f} in flight"
    return text, heat(fig.depth / facts.peak_depth)


def consumer_badge(facts: BadgeFacts) -> tuple[str, str]:
    """Utilization of its concurrency, backlog and failures, hotter as it gets busier."""
    fig = facts.figures
    util = fig.busy / facts.capacity
    text = f"{util:.0%} busy"
    if fig.depth >= 1:
        text += f" · {fig.depth:,.0f} backlog"
    if fig.failures > 0:
        text += f" · ✖{fig.failures:,.0f}"
    return text, heat(util)


def producer_badge(facts: BadgeFacts) -> tuple[str, str]:
    """Events produced per second; a lightning spike while a load spike is on."""
    if facts.spiking:
        return f"⚡ spike {facts.figures.throughput:,.0f}/s", SPIKE
    return f"{facts.figures.throughput:,.1f}/s", NEUTRAL
