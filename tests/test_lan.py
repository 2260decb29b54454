"""The address a server listens on and the one it shows: never 0.0.0.0 as a join address."""

import pytest

from summit_game import lan


def test_default_is_loopback_and_says_so():
    where = lan.listen(None, False)
    assert (where.bind, where.shown) == ("127.0.0.1", "127.0.0.1")
    assert "only this computer" in where.reach
    assert where.url(8000) == "http://127.0.0.1:8000/"


def test_wildcard_bind_shows_the_default_route_address(monkeypatch):
    monkeypatch.setattr(lan, "default_route_address", lambda: "192.168.1.23")
    where = lan.listen("0.0.0.0", False)
    assert where.bind == "0.0.0.0" and where.shown == "192.168.1.23"
    assert where.url(8001, "/join") == "http://192.168.1.23:8001/join"
    lanw = lan.listen(None, True)
    assert lanw.bind == "192.168.1.23" and lanw.shown == "192.168.1.23"


def test_no_network_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(lan, "default_route_address", lambda: None)
    with pytest.raises(lan.AddressError, match="no network"):
        lan.listen(None, True)
    with pytest.raises(lan.AddressError):
        lan.listen("::", False)


def test_explicit_host_is_shown_as_given_and_ipv6_is_bracketed():
    assert lan.listen("10.0.0.5", False).url(80) == "http://10.0.0.5:80/"
    assert lan.listen("fe80::1", False).url(80) == "http://[fe80::1]:80/"
    with pytest.raises(lan.AddressError, match="not both"):
        lan.listen("10.0.0.5", True)


def test_default_route_address_is_never_loopback_or_wildcard():
    addr = lan.default_route_address()
    assert addr is None or (addr not in lan.WILDCARDS and not lan.is_loopback(addr))
