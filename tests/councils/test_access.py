"""councils.access: a person's standing in a council is read once a request, however often a page asks."""

from django.test import RequestFactory

from councils.access import Standing, fetch
from councils.models import Role


def request_of(person):
    request = RequestFactory().get("/")
    request.user = person
    return request


def test_it_reads_a_persons_roles_once_a_request(author, council, django_assert_num_queries):
    request = request_of(author)
    with django_assert_num_queries(1):
        first = Standing.of(request, council)
        again = Standing.of(request, council)
    assert first is again


def test_a_fetched_record_comes_with_the_same_standing(author, council, assessment):
    request = request_of(author)
    _, standing = fetch(request, type(assessment).objects.select_related("council"), pk=assessment.pk)
    assert standing is Standing.of(request, council)
    assert standing.has(Role.AUTHOR) and not standing.has(Role.APPROVER, Role.COUNCIL_ADMIN)


def test_an_approver_limited_to_no_service_approves_for_every_one(approver, council, service):
    assert Standing(approver, council).approves_for(service)


def test_only_an_approver_approves(author, council, service, django_assert_num_queries):
    standing = Standing(author, council)
    with django_assert_num_queries(0):
        assert not standing.approves_for(service)
