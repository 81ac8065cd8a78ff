"""A paginator that reads a page in two steps, for lists ordered across a join over many rows."""

from django.core.paginator import Paginator


def page_rows(queryset, bottom: int, top: int) -> list:
    """Rows ``bottom:top`` of ``queryset`` in its order: first their ids (the ordering over every row, but one narrow
    column), then those rows with every annotation, related row and prefetch. At 20,000 initiatives this reads a page
    in about a third of the time one wide query takes (docs/performance.md)."""
    ids = list(queryset.values_list("pk", flat=True)[bottom:top])
    if not ids:
        return []
    rows = {obj.pk: obj for obj in queryset.filter(pk__in=ids).order_by()}
    return [rows[pk] for pk in ids if pk in rows]


class TwoStepPaginator(Paginator):
    """Django's Paginator whose pages come from ``page_rows`` (for querysets; anything else pages as usual)."""

    def page(self, number):
        if not hasattr(self.object_list, "values_list"):
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self._get_page(page_rows(self.object_list, bottom, top), number, self)
