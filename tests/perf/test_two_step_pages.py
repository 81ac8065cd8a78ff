"""Long lists are read a page at a time in two steps (ids, then rows): the same rows, in the same order, with the same
annotations as the one wide query, for every ordering and filter the list offers."""

import pytest

from core.paginator import TwoStepPaginator, page_rows
from initiatives import selectors
from tests.factories import DimensionFactory, InitiativeFactory, OpdFactory

pytestmark = pytest.mark.db


@pytest.fixture
def many(masterplan, admin_user):
    dims = [DimensionFactory(order=order) for order in (3, 1, 2)]
    opds = [OpdFactory() for _ in range(3)]
    for n in range(30):
        InitiativeFactory(
            masterplan=masterplan,
            dimension=dims[n % 3],
            lead_opd=opds[n % 3],
            code=f"X-{29 - n:02d}",
            progress=(n * 7) % 100,
            supporting_opds=[opds[(n + 1) % 3]],
        )
    return selectors.initiatives_for_user(admin_user), opds


@pytest.mark.parametrize("ordering", [("dimension__order", "code", "id"), ("-progress", "code"), ("code",)])
def test_a_page_read_in_two_steps_equals_the_wide_query(many, ordering):
    qs = many[0].order_by(*ordering)
    for bottom, top in ((0, 10), (10, 20), (25, 40)):
        wide = list(qs[bottom:top])
        two = page_rows(qs, bottom, top)
        assert [i.pk for i in two] == [i.pk for i in wide]
        assert [i.health for i in two] == [i.health for i in wide]
        assert [[o.pk for o in i.supporting_opds.all()] for i in two] == [
            [o.pk for o in i.supporting_opds.all()] for i in wide
        ]


def test_filtered_and_distinct_lists_page_alike(many):
    qs, opds = many
    qs = qs.filter(supporting_opds=opds[0]).distinct().order_by("dimension__order", "code")
    page = TwoStepPaginator(qs, 4).get_page(2)
    assert [i.pk for i in page.object_list] == [i.pk for i in list(qs)[4:8]]
    assert page.paginator.count == qs.count() == 10


def test_an_empty_page_reads_nothing_more(many, django_assert_num_queries):
    qs = many[0].order_by("code")
    with django_assert_num_queries(1):
        assert page_rows(qs, 100, 110) == []
