"""Writes to the framework: the default framework (idempotent), components, items and the dimension mapping."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from core.exceptions import PermissionDenied
from dimensions.models import Dimension

from .. import framework_data as data
from ..models import Component, DimensionMapping, Item, NationalDimension
from ..permissions import can_manage


@transaction.atomic
def install_default_framework() -> dict:
    """Add the default national dimensions, components, items and mapping where missing; never overwrites an edit,
    so running it again changes nothing. Returns how many rows it created, by kind."""
    created = {"national dimensions": 0, "components": 0, "items": 0, "mappings": 0}
    nds = {}
    for order, (code, name, name_en) in enumerate(data.NATIONAL_DIMENSIONS, start=1):
        nds[code], made = NationalDimension.objects.get_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "order": order}
        )
        created["national dimensions"] += made
    for c in data.COMPONENTS:
        component, made = Component.objects.get_or_create(
            code=c["code"],
            defaults={
                "name": c["name"],
                "name_en": c["name_en"],
                "weight": Decimal(c["weight"]),
                "order": c["order"],
                "description": c["description"],
            },
        )
        created["components"] += made
        for order, i in enumerate(c["items"], start=1):
            if Item.objects.filter(code=i["code"]).exists():
                continue
            levels = i["levels"]
            Item.objects.create(
                component=component,
                code=i["code"],
                question=i["question"],
                order=order,
                national_dimension=nds.get(i.get("national")),
                prefillable=bool(i.get("rule")),
                rule=i.get("rule", ""),
                level_1=levels[0],
                level_2=levels[1],
                level_3=levels[2],
                level_4=levels[3],
                level_5=levels[4],
            )
            created["items"] += 1
    mapped = set(DimensionMapping.objects.values_list("dimension_id", flat=True))
    for dimension in Dimension.objects.filter(code__in=data.DEFAULT_MAPPING).exclude(pk__in=mapped):
        for nd_code in data.DEFAULT_MAPPING[dimension.code]:
            if nd_code in nds:
                DimensionMapping.objects.create(dimension=dimension, national_dimension=nds[nd_code])
                created["mappings"] += 1
    return created


@transaction.atomic
def save_component(*, user, component: Component) -> Component:
    """Create or change a component (a period keeps its own weights; a final one its snapshot)."""
    if not can_manage(user):
        raise PermissionDenied
    component.full_clean()
    component.save()
    return component


@transaction.atomic
def save_item(*, user, item: Item) -> Item:
    if not can_manage(user):
        raise PermissionDenied
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def set_dimension_mapping(*, user, dimension: Dimension, national_dimensions) -> None:
    """Map one of the installation's dimensions to exactly these national dimensions."""
    if not can_manage(user):
        raise PermissionDenied
    wanted = {nd.pk for nd in national_dimensions}
    DimensionMapping.objects.filter(dimension=dimension).exclude(national_dimension_id__in=wanted).delete()
    have = set(DimensionMapping.objects.filter(dimension=dimension).values_list("national_dimension_id", flat=True))
    DimensionMapping.objects.bulk_create(
        [DimensionMapping(dimension=dimension, national_dimension_id=pk) for pk in wanted - have]
    )


@transaction.atomic
def save_mapping(*, user, mapping: DimensionMapping) -> DimensionMapping:
    if not can_manage(user):
        raise PermissionDenied
    mapping.full_clean()
    mapping.save()
    return mapping


@transaction.atomic
def delete_framework_row(*, user, obj) -> None:
    """Delete a national dimension, component, item or mapping (an item answered in a period is protected)."""
    if not can_manage(user):
        raise PermissionDenied
    obj.delete()


@transaction.atomic
def save_national_dimension(*, user, nationaldimension: NationalDimension) -> NationalDimension:
    if not can_manage(user):
        raise PermissionDenied
    nationaldimension.full_clean()
    nationaldimension.save()
    return nationaldimension
