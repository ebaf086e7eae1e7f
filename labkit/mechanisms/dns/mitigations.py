"""The DNS mitigations: serve-stale (RFC 8767)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from ...scenario import EngineOptions, Mitigation
from .checks import MAX_TTL, check_whole

__all__ = ["DEFAULT_MAX_STALE", "ServeStale"]

DEFAULT_MAX_STALE = 86_400  # RFC 8767 §5 suggests 1 to 3 days


@dataclass(frozen=True)
class ServeStale(Mitigation):
    """Resolvers serve expired answers while the authoritative servers cannot be reached, for up
    to ``max_stale`` seconds past expiry (RFC 8767). No help against an emptied record.

    >>> ServeStale().tune(EngineOptions()).dns_max_stale
    86400
    """

    max_stale: int = DEFAULT_MAX_STALE

    def __post_init__(self) -> None:
        check_whole("max_stale", self.max_stale, 1, MAX_TTL, f"whole seconds from 1 to {MAX_TTL}")

    def tune(self, options: EngineOptions) -> EngineOptions:
        return replace(options, dns_serve_stale=True, dns_max_stale=self.max_stale)
