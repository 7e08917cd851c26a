"""The msgids kept in core/third_party_strings.py still exist in Django and allauth.

If an upgrade changes one of them, our informal Dutch no longer applies and the package's formal
Dutch ("Uw wachtwoord …") or its English comes back: this test says so.
"""

from __future__ import annotations

import ast
from pathlib import Path

import allauth
import django
import polib

from leerplatform.core import third_party_strings

ALLAUTH_NL = Path(allauth.__file__).parent / "locale" / "nl" / "LC_MESSAGES" / "django.po"
VALIDATORS = Path(django.__file__).parent / "contrib" / "auth" / "password_validation.py"


def kept_msgids() -> list[str]:
    """Every string given to gettext_noop or ngettext_lazy in the module."""
    tree = ast.parse(Path(third_party_strings.__file__).read_text())
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") in {
            "gettext_noop",
            "ngettext_lazy",
        }:
            found += [
                arg.value
                for arg in node.args[:2]
                if isinstance(arg, ast.Constant) and arg.value != "min_length"
            ]
    return found


def test_every_kept_msgid_is_still_used_by_django_or_allauth():
    validators = VALIDATORS.read_text()
    allauth_msgids = {entry.msgid for entry in polib.pofile(str(ALLAUTH_NL))}
    msgids = kept_msgids()

    assert len(msgids) == 11
    for msgid in msgids:
        assert f'"{msgid}"' in validators or msgid in allauth_msgids, msgid
