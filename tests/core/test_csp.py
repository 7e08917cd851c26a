"""core.middleware.CSPMiddleware: django-csp's headers, the plain ones built once per process."""

from __future__ import annotations

import pytest
from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.exceptions import CSPNonceError
from csp.middleware import CSPMiddleware as DjangoCSPMiddleware
from django.http import HttpResponse
from django.test import RequestFactory

from leerplatform.core import middleware

REPORT_ONLY = {"DIRECTIVES": {"default-src": ["'none'"], "report-uri": "/csp-report/"}}


def _both(setup_request=None, setup_response=None, path="/groups/1/", status=200):
    """The headers ours and django-csp's middleware give the same response."""
    answers = []
    for kind in (middleware.CSPMiddleware, DjangoCSPMiddleware):
        request = RequestFactory().get(path)
        response = HttpResponse("<p>x</p>", status=status)
        mw = kind(lambda _request, response=response: response)
        mw.process_request(request)
        if setup_request:
            setup_request(request)
        if setup_response:
            setup_response(response)
        mw.process_response(request, response)
        answers.append((response.get(HEADER), response.get(HEADER_REPORT_ONLY), request, response))
    return answers


def test_a_plain_response_gets_django_csps_header(settings):
    ours, theirs = _both()
    assert ours[0] and ours[0] == theirs[0]
    assert ours[1] is None and theirs[1] is None
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = REPORT_ONLY  # forgets the built text
    ours, theirs = _both()
    assert ours[:2] == theirs[:2] and "report-uri /csp-report/" in ours[1]


@pytest.mark.parametrize(
    "change",
    [
        lambda r: setattr(r, "_csp_update", {"form-action": ["https://connect.surfconext.nl"]}),
        lambda r: setattr(r, "_csp_replace", {"img-src": ["'self'", "data:"]}),
        lambda r: setattr(r, "_csp_exempt", True),
        lambda r: r.__setitem__(HEADER, "default-src 'none'"),
    ],
    ids=["update", "replace", "exempt", "set-by-the-view"],
)
def test_a_response_with_a_change_of_its_own_gets_what_django_csp_gives(change):
    ours, theirs = _both(setup_response=change)
    assert ours[:2] == theirs[:2]


def test_a_page_that_used_a_nonce_gets_it_in_the_header(settings):
    from csp.constants import NONCE, SELF

    directives = dict(
        settings.CONTENT_SECURITY_POLICY["DIRECTIVES"], **{"script-src": [SELF, NONCE]}
    )
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": directives}
    ours, theirs = _both(setup_request=lambda request: str(request.csp_nonce))
    nonce = str(ours[2].csp_nonce)
    assert f"'nonce-{nonce}'" in ours[0]
    assert ours[0].replace(nonce, "") == theirs[0].replace(str(theirs[2].csp_nonce), "")


def test_a_nonce_asked_for_after_the_header_is_written_is_an_error():
    ours, _theirs = _both()
    with pytest.raises(CSPNonceError):
        str(ours[2].csp_nonce)


def test_debug_error_pages_get_no_header_as_with_django_csp(settings):
    settings.DEBUG = True
    ours, theirs = _both(status=404)
    assert ours[:2] == theirs[:2] == (None, None)
