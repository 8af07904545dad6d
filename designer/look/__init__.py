"""How node kinds look in the designer: the presentation registry and its built-in entries.

`look(kind)` answers for every kind (a fallback for kinds without an entry); a new kind adds
one `register_look(kind, KindLook(...))` call and, optionally, `assets/icons/<icon>.svg`.
"""

from designer.look import builtin  # noqa: F401  (registers the built-in kinds)
from designer.look.badges import heat
from designer.look.registry import (
    LOOKS,
    BadgeFacts,
    Curve,
    Figures,
    KindLook,
    NodeSeries,
    fallback,
    look,
    register_look,
)

__all__ = [
    "LOOKS",
    "BadgeFacts",
    "Curve",
    "Figures",
    "KindLook",
    "NodeSeries",
    "fallback",
    "heat",
    "look",
    "register_look",
]
