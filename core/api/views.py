"""Helpers shared by the apps' viewsets."""
from rest_framework.response import Response


class PagedResponseMixin:
    """``paged_response`` for custom list actions: paginated JSON, or every row for ``?format=csv``."""

    def paged_response(self, queryset, serializer_class):
        context = self.get_serializer_context()
        page = self.paginate_queryset(queryset)
        if page is None:
            return Response(serializer_class(queryset, many=True, context=context).data)
        return self.get_paginated_response(serializer_class(page, many=True, context=context).data)
