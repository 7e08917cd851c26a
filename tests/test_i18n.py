"""Dutch first, English available: both catalogues complete, compiled and in step with the code."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "leerplatform"
LOCALE = SRC / "locale"


def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


def untranslated(po: polib.POFile) -> list[str]:
    missing = []
    for entry in po:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            missing.append(f"(fuzzy) {entry.msgid}")
        elif entry.msgid_plural:
            if not all(entry.msgstr_plural.values()):
                missing.append(entry.msgid)
        elif not entry.msgstr:
            missing.append(entry.msgid)
    return missing


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_message_is_translated(language):
    assert untranslated(catalogue(language)) == []


def test_both_catalogues_hold_the_same_messages():
    assert {e.msgid for e in catalogue("nl")} == {e.msgid for e in catalogue("en")}


@pytest.mark.parametrize("language", ["nl", "en"])
def test_compiled_catalogue_matches_its_po_file(language):
    po = catalogue(language)
    mo = polib.mofile(str(LOCALE / language / "LC_MESSAGES" / "django.mo"))
    compiled = {(e.msgid, e.msgstr or str(e.msgstr_plural)) for e in mo if e.msgid}
    source = {
        (e.msgid, e.msgstr or str({int(k): v for k, v in e.msgstr_plural.items()}))
        for e in po
        if not e.obsolete and "fuzzy" not in e.flags
    }
    assert source <= compiled, "run `make messages` to recompile the .mo files"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext is not installed")
def test_every_message_in_the_code_has_a_dutch_translation(tmp_path):
    """Extract the messages from the code now and look each up in the Dutch catalogue."""
    copy = tmp_path / "leerplatform"
    shutil.copytree(SRC, copy, ignore=shutil.ignore_patterns("locale", "__pycache__", "static"))
    (copy / "locale").mkdir()
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "manage.py"),
            *("makemessages", "-l", "nl", "--no-location", "--ignore", "*/migrations/*", "-v", "0"),
        ],
        cwd=copy,
        check=True,
    )
    extracted = polib.pofile(str(copy / "locale" / "nl" / "LC_MESSAGES" / "django.po"))
    dutch = catalogue("nl")
    missing_in_dutch = set(untranslated(dutch))
    translated = {e.msgid for e in dutch if e.msgid not in missing_in_dutch}
    missing = sorted(e.msgid for e in extracted if e.msgid not in translated)
    assert missing == [], "add these to the .po files (make messages):\n" + "\n".join(missing)


def test_pages_are_dutch_until_english_is_chosen(client, edition):
    home = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="nl">' in home.content.decode()
    assert "Leeragenda" in home.content.decode()

    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302

    home = client.get("/")
    assert '<html lang="en">' in home.content.decode()
    assert "Learning agenda" in home.content.decode()


@pytest.mark.django_db  # the header names the public edition
def test_our_glossary_overrides_allauth_sign_in_wording(client):
    page = client.get(reverse("account_reset_password")).content.decode()
    # On this platform "aanmelden" means applying to join; signing in is "inloggen".
    assert "Inloggen" in page


@pytest.mark.parametrize("language", ["nl", "en"])
def test_translations_keep_every_placeholder(language):
    import re

    placeholder = re.compile(r"%\((\w+)\)[sd]")
    wrong = []
    for entry in catalogue(language):
        if entry.msgid_plural:
            expected = set(placeholder.findall(entry.msgid_plural))
            strings = list(entry.msgstr_plural.values())
        else:
            expected = set(placeholder.findall(entry.msgid))
            strings = [entry.msgstr]
        for text in strings:
            if set(placeholder.findall(text)) - expected or (
                not entry.msgid_plural and expected - set(placeholder.findall(text))
            ):
                wrong.append(f"{entry.msgid!r} -> {text!r}")
    assert wrong == []
