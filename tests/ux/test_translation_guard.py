"""The translation guard (issue 15): every page, for every role, in Indonesian shows no English message of the
catalogue, and in English no Indonesian one.

Principle: a catalogue entry counts when its text is unambiguous evidence of the wrong language: at least two words
(after the placeholders are cut out, each literal fragment is checked) and a translation that differs from the
msgid. Visible text and the accessible attributes (aria-label, title, placeholder, alt, value of buttons) are checked.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest

from tests.ux.pages import ROLES, load_demo_with_accounts, pages_for

pytestmark = [pytest.mark.db]
ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}")
ATTRIBUTES = {"aria-label", "title", "placeholder", "alt"}


def _fragments(text: str) -> list[str]:
    return [f.strip(" .,:;·—–-()") for f in PLACEHOLDER.split(text)]


def _telltales(text: str, translation: str) -> list[str]:
    """Literal fragments of ``text`` that prove the language: ≥ 2 words, not found in the translation."""
    out = []
    for fragment in _fragments(text):
        if len(fragment.split()) >= 2 and len(fragment) >= 8 and fragment not in translation:
            out.append(fragment)
    return out


def _catalogue():
    po = polib.pofile(str(ROOT / "locale" / "id" / "LC_MESSAGES" / "django.po"))
    english, indonesian = set(), set()
    for entry in po:
        if entry.obsolete or not entry.msgstr or entry.msgid == entry.msgstr or "fuzzy" in entry.flags:
            continue
        english.update(_telltales(entry.msgid, entry.msgstr))
        indonesian.update(_telltales(entry.msgstr, entry.msgid))
    # a fragment that is also text of the other language is no evidence
    return english - indonesian, indonesian - english


ENGLISH, INDONESIAN = _catalogue()


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if value and (
                name in ATTRIBUTES
                or (tag == "input" and name == "value" and dict(attrs).get("type") in ("submit", "button"))
            ):
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def page_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def body(response) -> str:
    """The page's HTML, also of a streamed page (the printable roadmap)."""
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def user_content() -> list[str]:
    """Text people typed (report narratives, review notes, descriptions, comments, findings): not the portal's
    wording, so it is cut out of the page before the check (notifications are the portal's wording and stay)."""
    from dimensions.models import ConditionFinding, Dimension, Indicator
    from evaluation.models import Answer, Component, Document, EvaluationPeriod, Item, Risk
    from initiatives.models import Comment, Initiative, ProgressReport
    from masterplans.models import Masterplan

    texts = []
    for model, fields in [
        (ProgressReport, ["narrative", "obstacles", "next_steps", "review_note"]),
        (Initiative, ["title", "description", "location"]),
        (Comment, ["text"]),
        (Dimension, ["description", "goal"]),
        (ConditionFinding, ["text"]),
        (Indicator, ["name", "description"]),
        # the evaluation framework is the ministry's published text (Indonesian); answers, risks
        # and documents are typed by people
        (Component, ["description"]),
        (Item, ["question", "level_1", "level_2", "level_3", "level_4", "level_5"]),
        (Answer, ["justification", "override_reason"]),
        (EvaluationPeriod, ["notes"]),
        (Risk, ["title", "description", "mitigation"]),
        (Document, ["title", "reference"]),
        (Masterplan, ["title", "vision", "description"]),
    ]:
        for row in model.objects.values_list(*fields):
            texts.extend(" ".join(value.split()) for value in row if value)
    # long texts are shown shortened too (the open data page: the first 30 words and "…")
    texts.extend(" ".join(text.split()[:30]) for text in list(texts) if len(text.split()) > 30)
    return sorted(set(texts), key=len, reverse=True)


def without(text: str, removed: list[str]) -> str:
    for value in removed:
        if value in text:
            text = text.replace(value, " ")
    return text


def wrong_language(text: str, telltales: set[str]) -> list[str]:
    found = []
    for phrase in telltales:
        if re.search(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", text):
            found.append(phrase)
    return sorted(found)


@pytest.fixture
def demo(db, settings):
    settings.PUBLIC_PORTAL = True
    return load_demo_with_accounts()


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_page_speaks_one_language(client, demo, settings, language):
    settings.LANGUAGE_CODE = "id"
    telltales = ENGLISH if language == "id" else INDONESIAN
    problems, typed = {}, user_content()
    for role in ROLES:
        client.logout()  # (also clears the cookies)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        if role != "anonymous":
            client.force_login(demo[role])
        for page in pages_for(role):
            response = client.get(page.path)
            assert response.status_code == page.status, f"{role} {page.path}: {response.status_code}"
            html = body(response)
            assert f'<html lang="{language}"' in html
            found = wrong_language(without(page_text(html), typed), telltales)
            if found:
                problems[f"{role} {page.path}"] = found
    assert problems == {}, "\n".join(f"{k}: {v}" for k, v in problems.items())


def test_guard_catches_an_untranslated_phrase():
    """The guard can fail: an English catalogue phrase inside an Indonesian page is reported."""
    assert "No report yet" in ENGLISH
    assert wrong_language(page_text("<p>Status: <b>No report yet</b></p>"), ENGLISH) == ["No report yet"]
    assert wrong_language(page_text('<a aria-label="Mark all as read">x</a>'), ENGLISH) in (["Mark all as read"], [])


IDREF = re.compile(r'\s(aria-describedby|aria-labelledby|aria-controls|for)="([^"]+)"')
IDS = re.compile(r'\sid="([^"]+)"')


def test_every_id_reference_points_at_an_element(client, demo, settings):
    """aria-describedby / aria-labelledby / aria-controls / label for= name ids that exist on the page (the report
    form's help text was described by …_helptext while its id was …_help)."""
    broken = {}
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(demo[role])
        for page in pages_for(role):
            html = body(client.get(page.path))
            ids = set(IDS.findall(html))
            missing = sorted(
                {f"{attr}={ref}" for attr, refs in IDREF.findall(html) for ref in refs.split() if ref not in ids}
            )
            if missing:
                broken[f"{role} {page.path}"] = missing
    assert broken == {}, "\n".join(f"{k}: {v}" for k, v in broken.items())
