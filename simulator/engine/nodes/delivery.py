"""Push deliveries that fail: when a target refuses, and SNS's retry schedule.

A router or topic pushes each copy to its targets. A target *refuses* a push while it is in
an `outage` (the service does not answer: SQS SendMessage or Lambda Invoke fail with a 5xx
error); the sender then retries on its own schedule. A function that is merely throttled
does not refuse: Lambda accepts asynchronous invocations into its own event queue and
retries throttles from there (the consumer's `max_event_age`), so a busy or throttled
function is never a failed delivery for EventBridge or SNS.

SNS delivery policy for AWS-managed endpoints (SQS, Lambda), from the SNS developer guide
("Amazon SNS message delivery retries"): 3 tries without delay, 2 more 1 s apart, 10 with
exponential backoff from 1 s to 20 s, then 100,000 at 20 s: 100,015 tries over about 23
days. The backoff phase's delays grow geometrically, 1 x 20^(k/9) s for k = 0..9.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from simulator.engine.nodes.base import NodeSim

SNS_IMMEDIATE: Final = 3  # tries without delay (the first included)
SNS_PRE_BACKOFF: Final = 2  # then tries 1 s apart
SNS_BACKOFF: Final = 10  # then tries with exponential backoff from SNS_MIN_DELAY to SNS_MAX_DELAY
SNS_POST_BACKOFF: Final = 100_000  # then tries SNS_MAX_DELAY apart
SNS_MIN_DELAY: Final = 1.0
SNS_MAX_DELAY: Final = 20.0
SNS_TRIES: Final = SNS_IMMEDIATE + SNS_PRE_BACKOFF + SNS_BACKOFF + SNS_POST_BACKOFF  # 100,015


def refuses(target: NodeSim) -> bool:
    """True when a push to `target` fails now (it is in an outage)."""
    return target.down


def sns_delay(retry: int) -> float | None:
    """Seconds before SNS's retry number `retry` (1 = the second try); None: no more tries."""
    if retry < SNS_IMMEDIATE:
        return 0.0
    retry -= SNS_IMMEDIATE - 1  # 1 = the first try after the immediate phase
    if retry <= SNS_PRE_BACKOFF:
        return SNS_MIN_DELAY
    retry -= SNS_PRE_BACKOFF
    if retry <= SNS_BACKOFF:
        ratio = SNS_MAX_DELAY / SNS_MIN_DELAY
        return SNS_MIN_DELAY * ratio ** ((retry - 1) / (SNS_BACKOFF - 1))
    retry -= SNS_BACKOFF
    if retry <= SNS_POST_BACKOFF:
        return SNS_MAX_DELAY
    return None
