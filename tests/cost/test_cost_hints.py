"""The inspector's price notes for the cost parameters added with tiers, pollers and KMS."""

from __future__ import annotations

from designer.look.prices import price_hint


def test_express_memory_note_names_the_64_mb_chunks() -> None:
    """billed_memory_mb: the Express GB-second price and the 64 MB rounding."""
    hint = price_hint("billed_memory_mb")
    assert "$0.00001667 per GB-second" in hint
    assert "64 MB chunks" in hint


def test_pollers_note_prices_an_idle_poller_a_month() -> None:
    """maximum_concurrency: 3 receives a minute x 60 x 730 h x $0.40/M = $0.053 a poller."""
    assert "about $0.053 a month per poller" in price_hint("maximum_concurrency")


def test_encrypted_note_prices_kms_requests() -> None:
    """encrypted: $0.03 per 10,000 KMS requests."""
    assert "$0.03 per 10,000" in price_hint("encrypted")


def test_provisioned_note_prices_an_environment_a_month() -> None:
    """provisioned: $0.0000041667 per GB-s x 730 h = $10.95 a month per GB, used or not."""
    hint = price_hint("provisioned")
    assert "$0.0000041667 per GB-second" in hint
    assert "$10.95 a month per GB" in hint
    assert "$0.0000097222 per GB-second" in hint
