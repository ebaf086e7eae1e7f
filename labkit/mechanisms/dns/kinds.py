"""The DNS mechanism's entries in the catalogue: its failure kinds, its mitigations, and the
dashboard rows for an emptied record and a DDoS on a provider."""

from __future__ import annotations

from ...catalogue import Control, Kind, Param
from ...scenario import Failure
from .failures import (
    AuthoritativeDDoS,
    AuthoritativeOutage,
    RecordEmpty,
    RecordWrong,
    ResolverOutage,
)
from .mitigations import SecondaryDNS, ServeStale
from .toy import toy_dns

__all__ = ["KINDS"]


def _read_record(f: Failure) -> dict[str, str] | None:
    if type(f) is RecordEmpty and f.rcode == "NODATA":
        return {"record": f.name}
    return None


def _read_ddos(f: Failure) -> dict[str, str] | None:
    if type(f) is AuthoritativeDDoS and f.attack == 3.0:
        return {"provider": f.provider}
    return None


RECORD_CONTROL = Control(
    "dns",
    "DNS record emptied",
    (Param("record", "record", lambda net: toy_dns(net).names(), "db.us-east.nimbus"),),
    lambda v, start, fixed: RecordEmpty(v["record"], start, fixed),
    _read_record,
)
DDOS_CONTROL = Control(
    "ddos",
    "DDoS on a DNS provider",
    (Param("provider", "provider", lambda net: sorted(toy_dns(net).providers), "quickdns"),),
    lambda v, start, fixed: AuthoritativeDDoS(v["provider"], start, fixed),
    _read_ddos,
)

KINDS = (
    Kind(RecordEmpty, "failure", "dns", "dns", "a name's addresses are removed (NODATA)",
         label="DNS record emptied", control=RECORD_CONTROL,
         examples=lambda: (RecordEmpty("db.us-east.nimbus", "06:48", "09:25"),)),
    Kind(RecordWrong, "failure", "dns", "dns-wrong", "a name points to the wrong address",
         label="wrong DNS record",
         examples=lambda: (RecordWrong("shopfast.example", "10:00", duration=30),)),
    Kind(AuthoritativeOutage, "failure", "dns", "dns-outage",
         "a DNS provider's name servers cannot be reached", label="DNS provider unreachable",
         examples=lambda: (AuthoritativeOutage("quickdns", "11:10", "13:20"),)),
    Kind(AuthoritativeDDoS, "failure", "dns", "ddos", "a DDoS swamps a DNS provider",
         label="DDoS on a DNS provider", control=DDOS_CONTROL,
         examples=lambda: (AuthoritativeDDoS("quickdns", "11:10", "13:20"),)),
    Kind(ResolverOutage, "failure", "dns", "resolver", "a recursive resolver is down",
         label="resolver outage",
         examples=lambda: (ResolverOutage("isp-paris", "08:00", duration=60),)),
    Kind(ServeStale, "mitigation", "dns", "serve-stale",
         "DNS resolvers serve expired answers when servers are out", price=5, menu=True,
         examples=lambda: (ServeStale(), ServeStale(max_stale=3600))),
    Kind(SecondaryDNS, "mitigation", "dns", "secondary-dns",
         "a second DNS provider serves the apps' names: a lookup fails only if both fail it",
         label="secondary DNS", price=10, menu=False, examples=lambda: (SecondaryDNS(),)),
)  # fmt: skip
