"""What a parameter does to the price: the inspector's note under memory, architecture, ...

Figures come from the price table the design's runs use (`use_prices`, set by the Run
menu's price-table entry; else the shipped `simulator.cost.default_prices`), never from
constants here, so the note follows the table's Region and date.
"""

from __future__ import annotations

from simulator.cost import PriceTable, PricingError, default_prices

_design_prices: list[PriceTable] = []  # the design's table, when it has its own


def use_prices(table: PriceTable | None) -> None:
    """Notes quote `table` from now on (None: the shipped table)."""
    _design_prices[:] = [table] if table is not None else []


def price_hint(name: str) -> str:
    """A sentence on how parameter `name` changes the bill ("" when it does not)."""
    try:
        prices = _design_prices[0] if _design_prices else default_prices()
    except PricingError:
        return ""
    unit = prices.unit_price
    where = f"({prices.region}, {prices.date})"
    x86, arm = unit("lambda.duration_x86_64"), unit("lambda.duration_arm64")
    if name == "memory_mb":
        return (
            f"Price: duration is billed per GB-second, ${_plain(x86)} on x86_64 and ${_plain(arm)} "
            f"on arm64 {where}: twice the memory, twice the duration cost."
        )
    if name == "architecture":
        return f"Price: arm64 costs {1 - arm / x86:.0%} less per GB-second than x86_64 {where}."
    if name == "batch_size":
        return (
            "Price: a queue batch is one receive and one delete request, and one invocation, "
            "however many messages it holds."
        )
    if name == "fifo":
        std, fifo = unit("sqs.standard_requests"), unit("sqs.fifo_requests")
        rates = f"${fifo * 1e6:.2f}, standard ${std * 1e6:.2f}"
        return f"Price: FIFO requests cost {rates} per million {where}."
    if name == "type":
        per_k = unit("stepfunctions.standard_transitions") * 1000
        per_m = unit("stepfunctions.express_requests") * 1e6
        return (
            f"Price: Standard ${per_k:.3g} per 1,000 state transitions; Express ${per_m:.2f} "
            f"per million executions plus duration {where}."
        )
    return _more_hint(name, prices)


def _more_hint(name: str, prices: PriceTable) -> str:
    """Hints of the cost parameters added later (Express memory, pollers, KMS)."""
    where = f"({prices.region}, {prices.date})"
    if name == "billed_memory_mb":
        per_gb_s = prices.unit_price("stepfunctions.express_duration")
        return (
            f"Price: an Express execution's duration is billed at ${_plain(per_gb_s)} per "
            f"GB-second {where}, its memory rounded up to 64 MB chunks: 65 MB costs as 128 MB."
        )
    if name == "maximum_concurrency":
        per_month = 3 * 60 * prices.month_hours * prices.unit_price("sqs.standard_requests")
        return (
            f"Price: an idle queue's pollers make 3 empty receives a minute each, about "
            f"${per_month:.3f} a month per poller {where}; a mapping keeps 5, or this value "
            f"when it is lower."
        )
    if name == "provisioned" and "lambda.provisioned_x86_64" in prices.items:
        held = prices.unit_price("lambda.provisioned_x86_64")
        work = prices.unit_price("lambda.provisioned_duration_x86_64")
        per_gb_month = held * prices.month_hours * 3600
        return (
            f"Price: each provisioned environment costs ${_plain(held)} per GB-second on x86_64, "
            f"used or not (${per_gb_month:.2f} a month per GB of memory), and work on it "
            f"${_plain(work)} per GB-second instead of the on-demand rate {where}."
        )
    if name == "encrypted":
        per_10k = prices.unit_price("kms.requests") * 10_000
        return f"Price: KMS requests cost ${per_10k:.2f} per 10,000 {where}."
    return ""


def _plain(value: float) -> str:
    """0.0000166667 rather than 1.66667e-05."""
    return f"{value:.12f}".rstrip("0").rstrip(".")


__all__ = ["price_hint", "use_prices"]
