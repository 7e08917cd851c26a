"""The msgids kept in core/third_party_strings.py still exist in Django and allauth.

If an upgrade changes one of them, our informal Dutch no longer applies and the package's formal
Dutch ("Uw wachtwoord …") or its English comes back: this test says so.
"""

from __future__ import annotations

import ast
import gettext
from pathlib import Path

import allauth
import django

from leerplatform.core import third_party_strings

ALLAUTH_NL = Path(allauth.__file__).parent / "locale" / "nl" / "LC_MESSAGES" / "django.mo"
VALIDATORS = Path(django.__file__).parent / "contrib" / "auth" / "password_validation.py"


def kept_msgids() -> list[str]:
    """Every string given to gettext_noop or ngettext_lazy in the module."""
    tree = ast.parse(Path(third_party_strings.__file__).read_text())
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") in {
            "gettext_noop",
            "ngettext_lazy",
        }:
            found += [
                arg.value
                for arg in node.args[:2]
                if isinstance(arg, ast.Constant)
                and isinstance(arg.value, str)
                and arg.value != "min_length"
            ]
    return found


def test_every_kept_msgid_is_still_used_by_django_or_allauth():
    validators = VALIDATORS.read_text()
    with ALLAUTH_NL.open("rb") as compiled:
        allauth_msgids = set(gettext.GNUTranslations(compiled)._catalog)  # type: ignore[attr-defined]
    msgids = kept_msgids()

    assert len(msgids) == 11
    for msgid in msgids:
        assert f'"{msgid}"' in validators or msgid in allauth_msgids, msgid
