"""Price tables: dated data files naming the Region, the date and the source of every price.

`load_prices(path)` reads and checks one (YAML or JSON); `default_prices()` is the table
shipped in `assets/pricing/aws-us-east-1.yaml`. Prices are data, never constants in code.
An item may list volume `tiers`: from a monthly quantity on, a lower price applies to the
units beyond it (`Item.cost`).
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "assets" / "pricing" / "aws-us-east-1.yaml"
FORMAT = "eventscape/pricing"
# The items the counting rules use (service.item); a table must price every one.
ITEMS = (
    "eventbridge.events",
    "sns.publishes",
    "sqs.standard_requests",
    "sqs.fifo_requests",
    "lambda.requests",
    "lambda.duration_x86_64",
    "lambda.duration_arm64",
    "stepfunctions.standard_transitions",
    "stepfunctions.express_requests",
    "stepfunctions.express_duration",
    "kms.requests",
    "transfer.inter_region",
)
# Items added after tables were in use: priced when a table has them (archives of tables
# without them cost nothing there), so older tables stay valid.
OPTIONAL_ITEMS = ("eventbridge.archive_processing", "eventbridge.archive_storage")
PROVISIONED_ITEMS = tuple(  # provisioned concurrency, likewise optional
    f"lambda.{what}_{arch}" for what in ("provisioned", "provisioned_duration")
    for arch in ("x86_64", "arm64")
)  # fmt: skip
ITEM_KEYS = ("price", "per", "unit", "source", "free_monthly", "free_pool", "tiers")
TIER_KEYS = ("from", "price")


class PricingError(ValueError):
    """A price table that cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class Item:
    """One billed quantity: `price` USD per `per` units; free amount per month, if any."""

    price: float
    per: float
    unit: str
    source: str
    free_monthly: float = 0.0
    free_pool: str = ""  # items with the same pool share one free allowance
    # (monthly units from which the tier applies, USD per unit), ascending, after the first
    tiers: tuple[tuple[float, float], ...] = ()

    @property
    def unit_price(self) -> float:
        """USD per single unit."""
        return self.price / self.per

    def cost(self, quantity: float, free: float = 0.0) -> float:
        """USD for `quantity` units in a month, the first `free` of them free: each unit at
        the price of the tier its place in the month's volume falls in."""
        total = (quantity - free) * self.unit_price
        before = self.unit_price
        for start, unit_price in self.tiers:
            beyond = quantity - max(start, free)
            if beyond <= 0:
                break
            total -= beyond * (before - unit_price)
            before = unit_price
        return total


@dataclass(frozen=True)
class PriceTable:
    """A Region's prices at a date."""

    region: str
    currency: str
    date: str
    items: dict[str, Item]
    month_hours: float = 730.0
    path: str = ""
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def unit_price(self, name: str) -> float:
        """USD per unit of item `name`."""
        return self.items[name].unit_price


def load_prices(path: str | Path) -> PriceTable:
    """Read and check a price table file; PricingError names what is wrong."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise PricingError(f"{path}: cannot read the price table: {exc.strerror}") from None
    import yaml  # deferred: only price tables need it here

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise PricingError(f"{path}: not a YAML or JSON price table: {exc}") from None
    return parse_prices(data, str(path))


def parse_prices(data: Any, where: str = "price table") -> PriceTable:
    """A PriceTable from a decoded document; PricingError lists every problem."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise PricingError(f"{where}: not a price table (format must be {FORMAT!r})")
    problems = []
    for key in ("region", "currency", "date"):
        if not isinstance(data.get(key), str) or not data[key]:
            problems.append(f"{key}: must be a non-empty string")
    hours = data.get("month_hours", 730)
    if not _positive(hours):
        problems.append(f"month_hours: must be a number > 0, got {hours!r}")
    raw = data.get("items")
    items: dict[str, Item] = {}
    if not isinstance(raw, dict):
        problems.append("items: must be a mapping of service.item to prices")
    else:
        problems += [f"items.{name}: missing" for name in ITEMS if name not in raw]
        for name, spec in raw.items():
            item, messages = _item(spec)
            problems += [f"items.{name}.{m}" for m in messages]
            if item is not None:
                items[str(name)] = item
    if problems:
        raise PricingError(f"{where}: " + "; ".join(problems))
    return PriceTable(
        region=data["region"],
        currency=data["currency"],
        date=str(data["date"]),
        items=items,
        month_hours=float(hours),
        path=where,
    )


def _positive(value: Any) -> bool:
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
        and value > 0
    )


def _item(spec: Any) -> tuple[Item | None, list[str]]:
    if not isinstance(spec, dict):
        return None, ["must be a mapping with price, per, unit and source"]
    problems = [
        f"{k}: unknown key (allowed: {', '.join(ITEM_KEYS)})" for k in spec if k not in ITEM_KEYS
    ]
    price, per = spec.get("price"), spec.get("per", 1)
    if not (_positive(price) or price == 0) or isinstance(price, bool):
        problems.append(f"price: must be a number >= 0, got {price!r}")
    if not _positive(per):
        problems.append(f"per: must be a number > 0, got {per!r}")
    for key in ("unit", "source"):
        if not isinstance(spec.get(key), str) or not spec[key]:
            problems.append(f"{key}: must be a non-empty string")
    free = spec.get("free_monthly", 0)
    if not (_positive(free) or free == 0) or isinstance(free, bool):
        problems.append(f"free_monthly: must be a number >= 0, got {free!r}")
    tiers, messages = _tiers(spec.get("tiers", []), float(per) if _positive(per) else 1.0)
    problems += messages
    if problems:
        return None, problems
    item = Item(
        float(price or 0), float(per), spec["unit"], spec["source"], float(free),
        str(spec.get("free_pool", "")), tiers,
    )  # fmt: skip
    return item, []


def _tiers(raw: Any, per: float) -> tuple[tuple[tuple[float, float], ...], list[str]]:
    """Volume tiers `[{from: units a month, price: USD per `per`}, ...]`, ascending."""
    if not isinstance(raw, list):
        return (), ["tiers: must be a list of {from, price}"]
    tiers: list[tuple[float, float]] = []
    problems = []
    for n, tier in enumerate(raw):
        where = f"tiers[{n}]"
        if not isinstance(tier, dict) or set(tier) != set(TIER_KEYS):
            problems.append(f"{where}: must be a mapping with exactly from and price")
            continue
        start, price = tier["from"], tier["price"]
        if not _positive(start):
            problems.append(f"{where}.from: must be a number > 0, got {start!r}")
        elif tiers and start <= tiers[-1][0]:
            problems.append(f"{where}.from: must be above the previous tier's ({tiers[-1][0]:g})")
        elif not (_positive(price) or price == 0) or isinstance(price, bool):
            problems.append(f"{where}.price: must be a number >= 0, got {price!r}")
        else:
            tiers.append((float(start), float(price) / per))
    return tuple(tiers), problems


@functools.cache
def default_prices() -> PriceTable:
    """The shipped us-east-1 table."""
    return load_prices(DEFAULT_PATH)
