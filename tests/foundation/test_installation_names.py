"""Nothing is hard-wired to one regency: the region and programme office names come from settings."""

import pytest

pytestmark = pytest.mark.db


def test_region_and_programme_office_come_from_settings(client, viewer_user, initiative, settings):
    settings.PORTAL_REGION_NAME = "Kabupaten Banyumas"
    settings.PORTAL_PROGRAMME_OFFICE = "Diskominfo Banyumas"
    initiative.masterplan.vision = "Banyumas cerdas"  # the factory's data names Purbalingga
    initiative.masterplan.save()
    client.force_login(viewer_user)
    html = client.get("/").content.decode()
    assert "Kabupaten Banyumas" in html and "Purbalingga" not in html
    assert "Reviewed by Diskominfo Banyumas" in html
    assert "Dinkominfo" not in html
