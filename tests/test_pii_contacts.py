"""Emails (Presidio's recogniser, built offline) and web addresses with country domains."""

from __future__ import annotations

import socket

import pytest

from analyzer.pipelines.pii import Redactor


@pytest.fixture(scope="module")
def redactor() -> Redactor:
    return Redactor(redact_names=False)


@pytest.mark.parametrize("text, expected", [
    ("escríbeme a josé.garcía@correo.es hoy", "escríbeme a [EMAIL] hoy"),
    ("ñandú@ejemplo.com.ar", "[EMAIL]"),
    ("Email: Müller@gmx.de, bitte.", "Email: [EMAIL], bitte."),
    ("mail ana+pta@gmail.com.", "mail [EMAIL]."),
    ("juan.perez@empresa.com.mx;", "[EMAIL];"),
    ("x.y@bbc.co.uk or info@nimc.gov.ng", "[EMAIL] or [EMAIL]"),
    ("björn.o'brien@skola.se", "[EMAIL]"),
    ("<ana@x.org>", "<[EMAIL]>"),
])
def test_email(redactor, text, expected):
    assert redactor.redact(text) == expected


@pytest.mark.parametrize("text", [
    "user@localhost", "a@b", "see @mention and x@y", "price@10.5", "we met @ 5pm at the .de",
])
def test_not_an_email(redactor, text):
    assert redactor.redact(text) == text


@pytest.mark.parametrize("text, expected", [
    ("follow https://www.tiktok.com/@itzel.go please", "follow [URL] please"),
    ("order at blessingscakes.ie today", "order at [URL] today"),
    ("see achiengowino.co.ke and oluwaseunakinola.com.ng", "see [URL] and [URL]"),
    ("ejemplo.com.ar/contacto", "[URL]"),
])
def test_web_address_with_a_country_domain(redactor, text, expected):
    assert redactor.redact(text) == expected


@pytest.mark.parametrize("text", [
    "I came home.it was late", "we are here.in the end", "ok.so what", "Mr.Smith came",
])
def test_words_run_together_are_not_web_addresses(redactor, text):
    assert redactor.redact(text) == text


def test_the_email_recogniser_is_built_and_run_without_the_network(monkeypatch):
    """With every connection and name look-up refused and recorded, building the recogniser
    and reading an internationalised address makes no attempt (Presidio's stock one made
    two DNS look-ups for the public suffix list here). How long it takes is not asserted:
    a timed test fails on a loaded machine (1.3 s against a 1 s bound once, here)."""
    from analyzer.pipelines import pii_contacts
    from analyzer.pipelines.pii_recognisers import OfflineEmailRecognizer

    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network refused by the test")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    recogniser = OfflineEmailRecognizer()
    found = recogniser.analyze("escríbeme a josé.garcía@correo.es", ["EMAIL_ADDRESS"])
    assert [(r.start, r.end) for r in found] == [(12, 33)]
    assert attempts == []
    assert pii_contacts.email_spans("ñandú@ejemplo.com.ar") == [(0, 20)]
    assert attempts == []
