"""All test factories, in one package: one module per app, re-exported here."""

from .events import (
    EventFactory,
    PhaseFactory,
    RoundFactory,
    berlin,
    future_event,
    open_round,
)

__all__ = [
    "EventFactory",
    "PhaseFactory",
    "RoundFactory",
    "berlin",
    "future_event",
    "open_round",
]
