"""factory_boy factories shared by every test tier; each test builds what it needs."""

import datetime as dt

import factory
from django.contrib.auth import get_user_model

from dimensions.models import Dimension, Indicator, IndicatorTarget, SubDimension
from initiatives.choices import FundingSource, Horizon, InitiativeStatus, ReportState
from initiatives.models import BudgetLine, Initiative, Milestone, ProgressReport
from masterplans.choices import MasterplanStatus
from masterplans.models import Masterplan
from opd.choices import Role
from opd.models import Membership, Opd

PASSWORD = "Rahasia-Uji-123"


class OpdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Opd
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"OPD{n:03d}")
    abbreviation = factory.LazyAttribute(lambda o: o.code.title())
    name = factory.LazyAttribute(lambda o: f"Dinas {o.code}")
    kind = "dinas"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.go.id")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    class Params:
        role = None
        opd = None

    @factory.post_generation
    def membership(obj, create, extracted, **kwargs):
        obj.save()


def make_user(role: str | None, opd: Opd | None = None, username: str | None = None, language: str = ""):
    """A user with a portal role (``admin``, ``viewer``, ``opd_staff``) or none; ``language`` is their saved choice
    ("" = none: pages follow the cookie, then settings.LANGUAGE_CODE, which the tests pin to English)."""
    kwargs = {"username": username} if username else {}
    user = UserFactory(**kwargs)
    if role:
        Membership.objects.update_or_create(user=user, defaults={"role": role, "opd": opd, "language": language})
        if role == Role.ADMIN:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
    return user


class MasterplanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Masterplan

    title = factory.Sequence(lambda n: f"Masterplan {n}")
    start_year = 2025
    end_year = factory.LazyAttribute(lambda m: m.start_year + 4)
    status = MasterplanStatus.ACTIVE
    vision = "Purbalingga cerdas"


class DimensionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dimension
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"dim{n}")
    name = factory.LazyAttribute(lambda d: f"Dimensi {d.code}")
    order = factory.Sequence(lambda n: n)
    colour = "#2563eb"


class SubDimensionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SubDimension

    dimension = factory.SubFactory(DimensionFactory)
    code = factory.Sequence(lambda n: f"sub{n}")
    name = factory.LazyAttribute(lambda s: f"Sub {s.code}")


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    code = factory.Sequence(lambda n: f"IND-{n:03d}")
    name = factory.LazyAttribute(lambda i: f"Indikator {i.code}")
    unit = "%"
    direction = "up"
    dimension = factory.SubFactory(DimensionFactory)
    opd = factory.SubFactory(OpdFactory)
    baseline = 10
    baseline_year = 2024


class IndicatorTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorTarget

    indicator = factory.SubFactory(IndicatorFactory)
    year = 2025
    value = 20


class InitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Initiative
        skip_postgeneration_save = True

    masterplan = factory.LazyFunction(
        lambda: Masterplan.objects.filter(status=MasterplanStatus.ACTIVE).first() or MasterplanFactory()
    )
    code = factory.Sequence(lambda n: f"INI-{n:04d}")
    title = factory.LazyAttribute(lambda i: f"Inisiatif {i.code}")
    description = "Deskripsi inisiatif."
    dimension = factory.SubFactory(DimensionFactory)
    lead_opd = factory.SubFactory(OpdFactory)
    horizon = Horizon.SHORT
    start_year = 2025
    end_year = 2027
    status = InitiativeStatus.IN_PROGRESS
    progress = 40

    @factory.post_generation
    def supporting_opds(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.supporting_opds.set(extracted)


class BudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetLine

    initiative = factory.SubFactory(InitiativeFactory)
    year = 2025
    funding_source = FundingSource.APBD
    planned = 100_000_000
    realized = 0


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    initiative = factory.SubFactory(InitiativeFactory)
    title = factory.Sequence(lambda n: f"Tahap {n}")
    due_date = dt.date(2026, 6, 30)


class ProgressReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressReport

    initiative = factory.SubFactory(InitiativeFactory)
    year = 2025
    quarter = 1
    progress = 10
    status = InitiativeStatus.IN_PROGRESS
    narrative = "Berjalan."
    state = ReportState.DRAFT
