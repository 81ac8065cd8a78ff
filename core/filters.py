"""Filters shared by the HTML lists and the API (django-filter)."""

from __future__ import annotations

import datetime as dt

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from django_filters.fields import IsoDateTimeField


class UtcIsoDateTimeField(IsoDateTimeField):
    """An ISO 8601 date-time, converted to UTC before it reaches the database: PostgreSQL refuses UTC offsets of 16
    hours or more, which Python accepts; a value that leaves the calendar once converted is a field error (400)."""

    def to_python(self, value):
        try:
            result = super().to_python(value)
            return None if result is None else result.astimezone(dt.UTC)
        except (OverflowError, ValueError):
            raise forms.ValidationError(
                _("Enter a valid date and time between the years 1 and 9999."), code="invalid"
            ) from None


class UtcIsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = UtcIsoDateTimeField
