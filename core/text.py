"""Text from outside (forms, the API, imports) must not carry control characters: they break exports (XLSX refuses
them), terminals and other systems reading the data. Tab, line feed and carriage return are text; the rest of C0,
DEL and C1 are not."""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
CONTROL_CHARACTERS_MESSAGE = _("Remove the control characters (invisible characters such as U+0001) from this text.")


def has_control_characters(value) -> bool:
    return isinstance(value, str) and CONTROL_CHARACTERS.search(value) is not None


def strip_control_characters(value):
    """The text without control characters (what an export writes); other values unchanged."""
    if isinstance(value, str):
        return CONTROL_CHARACTERS.sub("", value)
    return value
