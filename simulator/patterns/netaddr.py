"""IP address literals and CIDR blocks, parsed the way event-ruler parses them."""

from __future__ import annotations

import ipaddress
import re
from functools import lru_cache

from simulator.patterns.errors import Context

_IPV4 = re.compile(r"[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+")
_IPV6 = re.compile(r"[0-9a-fA-F:]*:[0-9a-fA-F:]*")
_MASK = re.compile(r"[+-]?[0-9]+")

IpRange = tuple[int, int, int]  # (family, lowest, highest), family 4 or 6


def looks_like_ip(text: str) -> bool:
    """True when `text` has the shape of an IPv4 or IPv6 literal (before range checks)."""
    return _IPV4.fullmatch(text) is not None or _IPV6.fullmatch(text) is not None


@lru_cache(maxsize=4096)
def parse_ip(text: str) -> tuple[int, int] | None:
    """Return (family, integer) for an IPv4/IPv6 literal, or None if `text` is not one."""
    if _IPV4.fullmatch(text):
        octets = [int(part) for part in text.split(".")]
        if any(octet > 255 for octet in octets):
            return None
        return 4, (octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]
    if _IPV6.fullmatch(text):
        try:
            address = ipaddress.IPv6Address(text)
        except ValueError:
            return None
        mapped = address.ipv4_mapped
        if mapped is not None:  # Java reads ::ffff:a.b.c.d as an IPv4 address
            return 4, int(mapped)
        return 6, int(address)
    return None


def parse_cidr(text: str, ctx: Context, path: list[str]) -> IpRange:
    """Validate a `cidr` operand and return the address range it covers."""
    parts = text.split("/")
    while parts and parts[-1] == "":  # Java's String.split drops trailing empty strings
        parts.pop()
    if len(parts) != 2:
        raise ctx.fail("Malformed CIDR, one '/' required", path)
    address, mask_text = parts
    if not _MASK.fullmatch(mask_text) or not -(2**31) <= int(mask_text) < 2**31:
        raise ctx.fail("Malformed CIDR, mask bits must be an integer", path)
    mask = int(mask_text)
    if mask < 0:
        raise ctx.fail("Malformed CIDR, mask bits must not be negative", path)
    if not looks_like_ip(address):
        raise ctx.fail(f"Nonstandard IP address: {address}", path)
    parsed = parse_ip(address)
    if parsed is None:
        raise ctx.fail(f"Invalid IP address: {address}", path)
    family, value = parsed
    bits = 32 if family == 4 else 128
    if mask > bits - 1:
        raise ctx.fail(f"IPv{family} mask bits must be < {bits}", path)
    # event-ruler keeps the address as given for the bottom and sets the host bits for the top.
    return family, value, value | ((1 << (bits - mask)) - 1)


def ip_in_ranges(text: str, ranges: tuple[IpRange, ...]) -> bool:
    """True when the string `text` is an IP literal inside one of `ranges`."""
    parsed = parse_ip(text)
    if parsed is None:
        return False
    family, value = parsed
    for range_family, low, high in ranges:
        if range_family == family and low <= value <= high:
            return True
    return False
