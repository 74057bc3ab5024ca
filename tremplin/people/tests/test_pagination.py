import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tremplin.people.models import Person
from tremplin.people.pagination import ShortListPaginator
from tremplin.testing.factories import PersonFactory

pytestmark = pytest.mark.django_db


def pages(paginator_class, number, per_page=5, orphans=0):
    people = Person.objects.order_by("pk")
    page = paginator_class(people, per_page, orphans=orphans).get_page(number)
    return (
        [p.pk for p in page.object_list],
        page.number,
        page.paginator.count,
        page.paginator.num_pages,
        page.has_next(),
        page.has_previous(),
    )


@pytest.mark.parametrize("size", [0, 1, 4, 5, 6, 12])
@pytest.mark.parametrize("number", [None, "", "abc", "0", "-3", 1, "1", "2", "3", "99"])
def test_same_pages_as_django(size, number):
    PersonFactory.create_batch(size)
    assert pages(ShortListPaginator, number) == pages(Paginator, number)


@pytest.mark.parametrize("size", [5, 6, 7, 8])
def test_same_pages_as_django_with_orphans(size):
    PersonFactory.create_batch(size)
    for number in (1, 2):
        assert pages(ShortListPaginator, number, orphans=2) == pages(Paginator, number, orphans=2)


def test_a_first_page_that_is_not_full_is_read_without_counting():
    PersonFactory.create_batch(3)
    with CaptureQueriesContext(connection) as captured:
        page = ShortListPaginator(Person.objects.order_by("pk"), 5).get_page(1)
        assert len(page.object_list) == 3
        assert page.paginator.count == 3
        assert not page.has_next()
    assert len(captured.captured_queries) == 1
    assert "COUNT(" not in captured.captured_queries[0]["sql"].upper()


def test_a_full_first_page_is_counted_and_read_once():
    PersonFactory.create_batch(7)
    with CaptureQueriesContext(connection) as captured:
        page = ShortListPaginator(Person.objects.order_by("pk"), 5).get_page(1)
        assert len(page.object_list) == 5
        assert page.paginator.count == 7
    assert len(captured.captured_queries) == 2
