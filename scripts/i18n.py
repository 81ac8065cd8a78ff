#!/usr/bin/env python
"""Translation catalogue upkeep.

``python scripts/i18n.py fill-en``  copies each English msgid into its msgstr in locale/en (otherwise Django would
                                   fall back to the Indonesian default catalogue for English users).
``python scripts/i18n.py compile``  writes both .mo files (polib; no gettext tools needed).
``python scripts/i18n.py check``    lists Indonesian entries that are missing or fuzzy; exits 1 if any.
``python scripts/i18n.py missing``  lists the msgids the code and templates use that the catalogue lacks (runs
                                   makemessages on a copy; the catalogues are left as they were).
``python scripts/i18n.py add MSGID MSGSTR [--plural MSGID_PLURAL MSGSTR_PLURAL] [--context CTX]``
                                   adds or corrects one entry in both catalogues (English msgstr = msgid) and
                                   compiles them: on a branch this touches only the entry, where ``make messages``
                                   rewrites the whole file.
"""

import shutil
import subprocess
import sys
import tempfile
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


def missing_in_catalogue() -> list[str]:
    """Run makemessages on the real tree, read what it found, and put the catalogues back as they were."""
    with tempfile.TemporaryDirectory() as tmp:
        backup = Path(tmp)
        for path in (EN, ID):
            shutil.copy2(path, backup / f"{path.parent.parent.name}.po")
        known = {(e.msgctxt, e.msgid) for e in polib.pofile(str(ID)) if not e.obsolete}
        try:
            subprocess.run(
                [
                    sys.executable,
                    "manage.py",
                    "makemessages",
                    "-l",
                    "id",
                    "--no-obsolete",
                    "--ignore=.venv",
                    "--ignore=staticfiles",
                    "--ignore=test-artifacts",
                ],
                cwd=ROOT,
                check=True,
                capture_output=True,
            )
            found = {(e.msgctxt, e.msgid) for e in polib.pofile(str(ID)) if not e.obsolete}
        finally:
            for path in (EN, ID):
                shutil.copy2(backup / f"{path.parent.parent.name}.po", path)
    return sorted(msgid for _ctx, msgid in found - known)


def add(argv) -> int:
    args = list(argv)
    plural = context = None
    if "--plural" in args:
        i = args.index("--plural")
        plural = args[i + 1 : i + 3]
        del args[i : i + 3]
    if "--context" in args:
        i = args.index("--context")
        context = args[i + 1]
        del args[i : i + 2]
    if len(args) != 2 or (plural is not None and len(plural) != 2):
        print(__doc__)
        return 2
    msgid, msgstr = args
    for path, translated in ((ID, True), (EN, False)):
        po = polib.pofile(str(path))
        entry = po.find(msgid, msgctxt=context) if context else po.find(msgid)
        if entry is None:
            entry = polib.POEntry(msgid=msgid, msgctxt=context)
            po.append(entry)
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        if plural:
            entry.msgid_plural = plural[0]
            entry.msgstr_plural = {0: msgstr, 1: plural[1]} if translated else {0: msgid, 1: plural[0]}
        else:
            entry.msgstr = msgstr if translated else msgid
        po.save()
        po.save_as_mofile(str(path.with_suffix(".mo")))
    return 0


def main(argv):
    if argv[:1] == ["missing"]:
        missing = missing_in_catalogue()
        for msgid in missing:
            print(f"not in the catalogue: {msgid!r}")
        return 1 if missing else 0
    if argv[:1] == ["add"]:
        return add(argv[1:])
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
