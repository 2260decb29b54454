"""Which address to listen on, and which address to show, for a room on its own network.

``serve`` and ``workshop`` both listen on loopback unless told otherwise. A room
needs the laptop's address on the local network: ``--lan`` picks the address of
the interface that holds the default route, and a wildcard bind (``0.0.0.0``,
``::``) is never shown as an address, because no other device can open it.
Pure standard library; no Textual.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass

WILDCARDS = {"0.0.0.0", "::", ""}
# TEST-NET-1 (RFC 5737): connecting a UDP socket to it sends nothing, it only asks
# the kernel which local address would carry traffic out by the default route.
_PROBE = ("192.0.2.1", 9)


class AddressError(ValueError):
    """A --host / --lan request that cannot give a reachable address (the message says why)."""


def default_route_address() -> str | None:
    """The IPv4 address of the interface with the default route, or None (no network)."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(_PROBE)
            addr = s.getsockname()[0]
    except OSError:
        return None
    if not addr or addr in WILDCARDS or ipaddress.ip_address(addr).is_loopback:
        return None
    return addr


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class Listen:
    """Where a server binds, the host a URL should carry, and who can reach it (in words; ``shorter``:
    the same said shorter, longest first, for a narrow column)."""

    bind: str
    shown: str
    reach: str
    shorter: tuple[str, ...] = ()

    @property
    def reaches(self) -> tuple[str, ...]:
        """Who can reach it, each wording, longest first."""
        return (self.reach, *self.shorter)

    @property
    def only_here(self) -> bool:
        """Loopback: no phone or other device can open the page, only this computer."""
        return is_loopback(self.shown)

    def url(self, port: int, path: str = "/") -> str:
        host = f"[{self.shown}]" if ":" in self.shown else self.shown
        return f"http://{host}:{port}{path}"


def listen(host: str | None, lan: bool) -> Listen:
    """Resolve ``--host`` / ``--lan`` into a bind address and a shown address.

    - neither: loopback, only this computer can open the page;
    - ``--lan``: the default-route address (an error when there is none);
    - ``--host 0.0.0.0``: bind everywhere, show the default-route address;
    - ``--host ADDR``: bind and show ADDR.
    """
    if lan and host not in (None, *WILDCARDS):
        raise AddressError("give either --lan or --host, not both")
    if lan or host in WILDCARDS:
        addr = default_route_address()
        if addr is None:
            raise AddressError("this computer has no network with a default route, so no other device can "
                               "reach it; join a network (or the room's Wi-Fi), or leave out --lan/--host "
                               "to play on this computer only")
        bind = addr if lan else (host or "0.0.0.0")
        return Listen(bind, addr, f"devices on this computer's network that can reach {addr}",
                      ("devices on this computer's network",))
    if host is None or is_loopback(host):
        h = host or "127.0.0.1"
        return Listen(h, h, "only this computer (use --lan to let the room's phones and laptops in)",
                      ("only this computer (--lan for phones)", "only this computer"))
    return Listen(host, host, f"devices that can reach {host}")
