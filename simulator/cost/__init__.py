"""What a design costs to run: dated price tables and the counting rules applied to a run.

`load_prices(path)` / `default_prices()` give a `PriceTable`; `price_run(topology, usage,
window, produced, prices, free_tier)` prices a run's billable counts (the engine's
`Result.usage`) as a `CostReport`, whose `to_json_dict()` is the `cost` object of
`eventscape-sim run --json`.
"""

from simulator.cost.prices import (
    DEFAULT_PATH,
    Item,
    PriceTable,
    PricingError,
    default_prices,
    load_prices,
    parse_prices,
)
from simulator.cost.report import SERVICES, CostReport, Line, empty_receives, price_run

__all__ = [
    "DEFAULT_PATH",
    "SERVICES",
    "CostReport",
    "Item",
    "Line",
    "PriceTable",
    "PricingError",
    "default_prices",
    "empty_receives",
    "load_prices",
    "parse_prices",
    "price_run",
]
