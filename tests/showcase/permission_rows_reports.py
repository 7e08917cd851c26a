"""Permission rows: the closing report.

The World's edition has two finished reports (plain rows with a small PDF): one published, one
not. The facilitators' page and the actions are for the edition's facilitators and staff; a
report that is not published does not exist for anyone else (404), a published one may be
downloaded by everyone, visitors included, but managed only by the facilitators (403 for
those who see it).
"""

from __future__ import annotations


def _report(w, *, published: bool):
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from leerplatform.showcase.models import ClosingReport, ReportStatus

    report = ClosingReport.objects.filter(
        edition=w.edition, published_at__isnull=not published
    ).first()
    if report is None:
        report = ClosingReport(
            edition=w.edition,
            language="nl",
            status=ReportStatus.DONE,
            progress=100,
            pages=2,
            finished_at=timezone.now(),
            published_at=timezone.now() if published else None,
        )
        report.file.save("report.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
        report.save()
    return report


def _url(name, *, published):
    from django.urls import reverse

    return lambda w: reverse(f"showcase:{name}", args=[_report(w, published=published).pk])


def _page(w):
    from django.urls import reverse

    return reverse("showcase:reports", kwargs={"slug": w.edition.slug})


def _rows():
    from tests.permission_support import Row

    def expect(visitor, outsider, participant, facilitator, staff):
        return {
            "visitor": visitor,
            "outsider": outsider,
            "participant": participant,
            "facilitator": facilitator,
            "staff": staff,
        }

    managers = expect(302, 403, 403, 200, 200)
    return [
        # The facilitators' page; a bad language gives the form again (200).
        Row("showcase:reports", _page, managers),
        Row("showcase:reports", _page, managers, method="post", data={"language": "fr"}),
        # Progress: managers only; an unpublished report does not exist for the others.
        Row(
            "showcase:report_progress",
            _url("report_progress", published=False),
            expect(302, 404, 404, 200, 200),
        ),
        Row(
            "showcase:report_progress",
            _url("report_progress", published=True),
            expect(302, 403, 403, 200, 200),
        ),
        # Publishing and taking back: by POST, managers only.
        Row(
            "showcase:publish_report",
            _url("publish_report", published=False),
            expect(302, 405, 405, 405, 405),
        ),
        Row(
            "showcase:publish_report",
            _url("publish_report", published=False),
            expect(302, 404, 404, 302, 302),
            method="post",
            data={"action": "publish"},
        ),
        Row(
            "showcase:publish_report",
            _url("publish_report", published=True),
            expect(302, 403, 403, 302, 302),
            method="post",
            data={"action": "unpublish"},
        ),
        # The PDF: the facilitators always, everyone once it is published.
        Row(
            "showcase:download_report",
            _url("download_report", published=False),
            expect(404, 404, 404, 200, 200),
        ),
        Row(
            "showcase:download_report",
            _url("download_report", published=True),
            expect(200, 200, 200, 200, 200),
        ),
    ]


ROWS = _rows()
