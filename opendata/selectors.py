"""What the open data feed publishes: the public catalogue of datasets, built once per request in a fixed number of
grouped queries whatever the number of indicators, initiatives or agencies.

Only approved, public figures are read: the initiatives' status and progress (set when a report is approved), their
budget lines' pagu and realisasi, the indicators' targets and measurements, the masterplan's years and themes — the
same numbers the public page and the dashboard show (roadmap.selectors.public_overview / masterplan_stats). Reports,
review notes, comments, evidence, budget line notes and people are never read here.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from dimensions.models import Dimension
from opd.models import Opd
from roadmap.selectors import public_overview

from .datasets import (
    _indicator_datasets,
    _initiative_datasets,
    _roadmap_dataset,
)
from .licences import licence
from .records import (
    KIND_INITIATIVES,
    Catalogue,
    Group,
    Organisation,
    _latest,
    stable_id,
)


def catalogue(today: dt.date | None = None) -> Catalogue:
    """The whole public catalogue: one dataset per indicator, one per dimension (its initiatives), one for the
    masterplan's roadmap; agencies as organisations, dimensions as groups."""
    overview = public_overview(today=today)
    plan = overview["masterplan"]
    now = timezone.now()
    plan_modified = plan.updated_at if plan else now
    plan_created = plan.created_at if plan else now
    default_licence = licence(settings.OPEN_DATA_LICENSE)

    organisations = {
        o.pk: Organisation(
            id=stable_id("organization", o.pk),
            name=slugify(o.code) or f"opd-{o.pk}",
            title=o.name,
            description=o.get_kind_display(),
            code=o.code,
            abbreviation=o.abbreviation,
        )
        for o in Opd.objects.order_by("abbreviation", "code")
    }
    dimensions = list(Dimension.objects.order_by("order", "code"))
    groups = {
        d.pk: Group(
            id=stable_id("group", d.pk),
            name=slugify(d.code) or f"dimension-{d.pk}",
            title=d.display_name,
            description=d.description,
            colour=d.colour,
        )
        for d in dimensions
    }
    wanted = settings.PORTAL_PROGRAMME_OFFICE.strip().lower()
    office = next(
        (o for o in organisations.values() if wanted in (o.code.lower(), o.abbreviation.lower(), o.title.lower())), None
    )

    taken: set = set()
    datasets = []
    datasets += _indicator_datasets(plan, organisations, groups, taken, plan_created, plan_modified, default_licence)
    datasets += _initiative_datasets(
        plan, overview, organisations, groups, office, taken, plan_created, plan_modified, default_licence
    )
    if plan is not None:
        # The roadmap changes whenever an initiative does: its modified is the latest of theirs.
        latest = _latest(plan_modified, *(d.modified for d in datasets if d.kind == KIND_INITIATIVES))
        datasets.append(_roadmap_dataset(plan, overview, office, groups, taken, plan_created, latest, default_licence))
    return Catalogue(
        title=_("Open data of the Smart City Masterplan · %(region)s") % {"region": settings.PORTAL_REGION_NAME},
        description=_(
            "Public figures of the smart city masterplan of %(region)s: indicator targets and "
            "realisation, initiatives with their status, progress and budget, and the roadmap."
        )
        % {"region": settings.PORTAL_REGION_NAME},
        publisher=settings.PORTAL_REGION_NAME,
        programme_office=settings.PORTAL_PROGRAMME_OFFICE,
        modified=_latest(plan_modified, *(d.modified for d in datasets)) or now,
        licence=default_licence,
        datasets=datasets,
        organisations=list(organisations.values()),
        groups=[groups[d.pk] for d in dimensions],
    )
