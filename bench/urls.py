"""Tremplin's URLs plus the bare view that P4 compares the person file page against."""

from django.http import HttpResponse
from django.urls import include, path


def bare(request):
    """The floor: a Django view that does nothing, behind the same middleware."""
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [
    path("bench/bare/", bare, name="bench-bare"),
    path("", include("tremplin.urls")),
]
