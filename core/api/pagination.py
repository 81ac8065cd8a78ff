"""Page-number pagination: ``page`` and ``page_size`` (at most 500), answering count, next, previous, results.

A CSV export (``?format=csv``) is not paginated: it carries every row matching the filters.
"""

from django.conf import settings
from rest_framework.pagination import PageNumberPagination

from core.paginator import TwoStepPaginator


class PortalPagination(PageNumberPagination):
    page_size = getattr(settings, "API_PAGE_SIZE", 50)
    page_size_query_param = "page_size"
    max_page_size = 500

    def paginate_queryset(self, queryset, request, view=None):
        renderer = getattr(request, "accepted_renderer", None)
        if renderer is not None and getattr(renderer, "format", None) == "csv":
            return None
        return super().paginate_queryset(queryset, request, view)


class TwoStepPagination(PortalPagination):
    """For long lists ordered across a join (the initiatives): each page is read as its ids, then its rows
    (core/paginator.py)."""

    django_paginator_class = TwoStepPaginator
