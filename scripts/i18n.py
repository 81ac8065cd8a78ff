#!/usr/bin/env python
"""Translation catalogue upkeep.

``python scripts/i18n.py fill-en``  copies each English msgid into its msgstr in locale/en (otherwise Django would
                                   fall back to the Indonesian default catalogue for English users).
``python scripts/i18n.py compile``  writes both .mo files (polib; no gettext tools needed).
``python scripts/i18n.py check``    lists Indonesian entries that are missing or fuzzy; exits 1 if any.
"""
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
EN = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
ID = ROOT / "locale" / "id" / "LC_MESSAGES" / "django.po"


def fill_en():
    po = polib.pofile(str(EN))
    for entry in po:
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        if entry.msgid_plural:
            entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
        else:
            entry.msgstr = entry.msgid
    po.save()
    po.save_as_mofile(str(EN.with_suffix(".mo")))


def missing_id():
    po = polib.pofile(str(ID))
    return [e for e in po if not e.obsolete and ("fuzzy" in e.flags or not e.translated())]


def main(argv):
    if argv[:1] == ["fill-en"]:
        fill_en()
        return 0
    if argv[:1] == ["compile"]:
        for path in (EN, ID):
            polib.pofile(str(path)).save_as_mofile(str(path.with_suffix(".mo")))
        return 0
    if argv[:1] == ["check"]:
        missing = missing_id()
        for entry in missing:
            print(f"untranslated: {entry.msgid!r}")
        return 1 if missing else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
