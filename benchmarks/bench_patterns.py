"""Benchmark event-pattern matching: evaluations per second, and a 100-rule bus.

Run from the repository root:  uv run python benchmarks/bench_patterns.py
Targets: >= 300,000 evaluations/s for typical rules (3-5 fields, mixed operators) on one
core, and a bus of 100 rules routing 10,000 events in under one second.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable

from simulator.patterns import Matcher, compile_pattern

SOURCES = ["com.shop.orders", "com.shop.payments", "com.shop.shipping", "com.shop.users"]
TYPES = ["OrderPlaced", "OrderCancelled", "PaymentCaptured", "PaymentFailed", "Shipped"]
CHANNELS = ["web", "mobile", "store", "partner", "test"]
REGIONS = ["eu-west-1", "eu-central-1", "us-east-1", "us-west-2", "ap-south-1"]

TYPICAL_RULES: dict[str, dict] = {
    "exact + prefix + numeric range": {
        "source": ["com.shop.orders"],
        "detail-type": [{"prefix": "Order"}],
        "detail": {"amount": [{"numeric": [">", 100, "<=", 5000]}]},
    },
    "exact + anything-but + in-list + exists": {
        "source": ["com.shop.orders", "com.shop.payments"],
        "detail": {
            "channel": [{"anything-but": ["test", "partner"]}],
            "currency": ["EUR", "USD"],
            "customer": {"tier": [{"exists": True}]},
        },
    },
    "prefix-ignore-case + suffix + cidr": {
        "detail-type": [{"prefix": {"equals-ignore-case": "payment"}}],
        "detail": {
            "region": [{"suffix": "-1"}],
            "client-ip": [{"cidr": "10.0.0.0/8"}],
            "amount": [{"numeric": [">=", 10]}],
        },
    },
    "wildcard + equals-ignore-case + $or": {
        "source": [{"wildcard": "com.shop.*"}],
        "detail": {
            "channel": [{"equals-ignore-case": "WEB"}],
            "$or": [
                {"amount": [{"numeric": [">", 1000]}]},
                {"customer": {"tier": ["gold", "platinum"]}},
            ],
        },
    },
    "exact on 5 fields": {
        "source": ["com.shop.orders"],
        "detail-type": ["OrderPlaced"],
        "region": ["eu-west-1", "eu-central-1"],
        "detail": {"channel": ["web", "mobile"], "currency": ["EUR"]},
    },
}


def make_event(rng: random.Random, number: int) -> dict:
    """A realistic EventBridge envelope with a shop-order style detail."""
    return {
        "version": "0",
        "id": f"evt-{number}",
        "source": rng.choice(SOURCES),
        "detail-type": rng.choice(TYPES),
        "account": "123456789012",
        "time": "2024-05-01T12:00:00Z",
        "region": rng.choice(REGIONS),
        "resources": [f"arn:aws:shop:eu-west-1:123456789012:order/{number}"],
        "detail": {
            "order-id": f"o-{number}",
            "amount": round(rng.uniform(1, 10_000), 2),
            "currency": rng.choice(["EUR", "USD", "GBP"]),
            "channel": rng.choice(CHANNELS),
            "region": rng.choice(REGIONS),
            "client-ip": f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(256)}"
            if rng.random() < 0.7
            else f"192.168.{rng.randrange(256)}.{rng.randrange(256)}",
            "customer": {
                "id": f"c-{rng.randrange(1000)}",
                "tier": rng.choice(["basic", "gold", "platinum"]),
            }
            if rng.random() < 0.8
            else {"id": "anon"},
            "items": [
                {"sku": f"sku-{rng.randrange(50)}", "qty": rng.randrange(1, 5)}
                for _ in range(rng.randrange(1, 4))
            ],
        },
    }


def make_bus_rules(rng: random.Random, count: int) -> list[Matcher]:
    """`count` varied rules in the style of TYPICAL_RULES, with randomised values."""
    rules = []
    for index in range(count):
        kind = index % 5
        source = rng.choice(SOURCES)
        if kind == 0:
            pattern = {
                "source": [source],
                "detail-type": [rng.choice(TYPES)],
                "detail": {"channel": [rng.choice(CHANNELS)]},
            }
        elif kind == 1:
            low = rng.randrange(0, 5000)
            pattern = {
                "source": [source],
                "detail": {
                    "amount": [{"numeric": [">", low, "<=", low + 2500]}],
                    "currency": [rng.choice(["EUR", "USD", "GBP"])],
                },
            }
        elif kind == 2:
            pattern = {
                "detail-type": [{"prefix": rng.choice(["Order", "Payment", "Ship"])}],
                "detail": {
                    "channel": [{"anything-but": ["test"]}],
                    "customer": {"tier": [{"exists": True}]},
                },
            }
        elif kind == 3:
            pattern = {
                "source": [source],
                "region": [{"prefix": rng.choice(["eu-", "us-", "ap-"])}],
                "detail": {"client-ip": [{"cidr": f"10.{rng.randrange(256)}.0.0/16"}]},
            }
        else:
            pattern = {
                "source": [{"wildcard": "com.shop.*"}],
                "detail": {
                    "$or": [
                        {"amount": [{"numeric": [">", rng.randrange(5000, 9000)]}]},
                        {"customer": {"tier": ["platinum"]}},
                    ],
                    "items": {"sku": [f"sku-{rng.randrange(50)}"]},
                },
            }
        rules.append(compile_pattern(pattern))
    return rules


def best_of(runs: int, work: Callable[[], object]) -> float:
    """The fastest of `runs` timings of `work()`, in seconds."""
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def bench_typical(events: list[dict]) -> None:
    """Evaluations per second of each typical rule over the same event mix."""
    print(f"Typical rules, {len(events):,} events each (best of 5):")
    total_evals, total_time = 0, 0.0
    for name, pattern in TYPICAL_RULES.items():
        matcher = compile_pattern(pattern)
        match = matcher.matches
        hits = sum(1 for event in events if match(event))
        seconds = best_of(5, lambda m=match: [m(event) for event in events])
        total_evals += len(events)
        total_time += seconds
        rate = len(events) / seconds
        print(f"  {name:<42} {rate:>12,.0f} evals/s   ({hits / len(events):6.1%} match)")
    print(f"  {'overall':<42} {total_evals / total_time:>12,.0f} evals/s   (target >= 300,000)")


def bench_bus(rules: list[Matcher], events: list[dict]) -> None:
    """Route every event through every rule on the bus, as a router node does."""
    matchers = [rule.matches for rule in rules]

    def route() -> int:
        deliveries = 0
        for event in events:
            for match in matchers:
                if match(event):
                    deliveries += 1
        return deliveries

    deliveries = route()
    seconds = best_of(3, route)
    evaluations = len(rules) * len(events)
    print(
        f"Bus of {len(rules)} rules routing {len(events):,} events: {seconds:.3f} s "
        f"({evaluations / seconds:,.0f} evals/s, {deliveries:,} deliveries; target < 1 s)"
    )


def main() -> None:
    """Build the workload and print the figures."""
    rng = random.Random(20240501)
    events = [make_event(rng, number) for number in range(10_000)]
    start = time.perf_counter()
    rules = make_bus_rules(rng, 100)
    compile_ms = (time.perf_counter() - start) * 1000
    print(f"Compiled 100 rules in {compile_ms:.1f} ms")
    bench_typical(events)
    bench_bus(rules, events)


if __name__ == "__main__":
    main()
