"""Server-side encryption of queues and topics with a KMS key (issue 16): the parameters.

`encrypted: true` makes the service call AWS KMS for data keys, reused per principal for a
period: each sending principal makes 2 KMS requests per period (GenerateDataKey and
Decrypt) and, for a queue, each reading principal 1 (Decrypt), as AWS's cost estimates
count them (SQS: R = B / D x (2P + C); SNS: R = B / D x 2P). An SQS queue's period is
`kms_data_key_reuse` (KmsDataKeyReusePeriodSeconds, 60 s to 24 h, default 5 min); SNS
reuses a data key for up to 5 minutes (`SNS_DATA_KEY_REUSE`). A request that calls KMS
waits `kms_latency` (default 5 ms: in-Region KMS calls typically take under 10 ms) before
the message is stored.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from simulator.model.params import Param

ENCRYPTED = Param(
    "encrypted",
    "bool",
    False,
    doc="Server-side encryption with a KMS key (SSE-KMS): data keys come from KMS",
)
KMS_LATENCY = Param(
    "kms_latency",
    "distribution",
    0.005,
    unit="s",
    doc="Extra latency of a request that calls KMS (encrypted only; in-Region KMS calls "
    "typically take under 10 ms)",
)
KMS_REUSE = Param(
    "kms_data_key_reuse",
    "number",
    300,
    minimum=60,
    maximum=86400,
    unit="s",
    doc="KmsDataKeyReusePeriodSeconds: how long SQS reuses a principal's data key before "
    "calling KMS again (encrypted only)",
)
SNS_DATA_KEY_REUSE = 300.0  # seconds SNS reuses a data key ("up to 5 minutes")
QUEUE_PARAMS = (ENCRYPTED, KMS_REUSE, KMS_LATENCY)
TOPIC_PARAMS = (ENCRYPTED, KMS_LATENCY)


def encryption_rules(params: Mapping[str, Any]) -> list[str]:
    """KMS settings need `encrypted: true`."""
    if params.get("encrypted"):
        return []
    return [
        f".{key}: only encrypted queues and topics call KMS (set encrypted: true)"
        for key in (KMS_REUSE.name, KMS_LATENCY.name)
        if key in params
    ]


__all__ = ["QUEUE_PARAMS", "SNS_DATA_KEY_REUSE", "TOPIC_PARAMS", "encryption_rules"]
