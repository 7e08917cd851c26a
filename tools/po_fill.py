"""Fill empty msgstr entries of a .po file from a Python dict module (a translator's aid).

    .venv/bin/python tools/po_fill.py translations.py src/leerplatform/locale/nl/LC_MESSAGES/django.po
The module defines NL = {msgid: msgstr} and PLURALS = {msgid: [singular, plural]}.
With --english the English catalogue is filled with the message ids themselves.
"""

from __future__ import annotations

import runpy
import sys

import polib


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    english = "--english" in sys.argv
    po = polib.pofile(args[-1])
    table = {} if english else runpy.run_path(args[0])
    singles, plurals = table.get("NL", {}), table.get("PLURALS", {})
    missing = []
    for entry in po:
        if entry.obsolete:
            continue
        filled = True
        if entry.msgid_plural:
            if english:
                entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
            elif entry.msgid in plurals:
                one, many = plurals[entry.msgid]
                entry.msgstr_plural = {0: one, 1: many}
            else:
                filled = False
        elif english:
            entry.msgstr = entry.msgid
        elif entry.msgid in singles:
            entry.msgstr = singles[entry.msgid]
        else:
            filled = False
        if filled and "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
            entry.previous_msgid = None
            entry.previous_msgid_plural = None
        if not filled and ("fuzzy" in entry.flags or not (entry.msgstr or entry.msgstr_plural)):
            missing.append(entry.msgid)
    language = "en" if english else "nl"
    po.metadata.update(
        {
            "Project-Id-Version": "Leerplatform",
            "Language": language,
            "Language-Team": f"Leerplatform {language}",
            "Last-Translator": "Leerplatform developers",
        }
    )
    po.header = (
        "Leerplatform user interface.\nThis file is distributed under the project's licence."
    )
    if "fuzzy" in po.metadata_is_fuzzy or po.metadata_is_fuzzy:
        po.metadata_is_fuzzy = []
    po.save()
    for msgid in missing:
        print("missing:", msgid)


if __name__ == "__main__":
    main()
