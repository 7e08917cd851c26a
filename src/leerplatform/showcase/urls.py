from django.urls import path

from leerplatform.showcase.views import continuation, outputs, reports

app_name = "showcase"

urlpatterns = [
    # Outputs to the field and consent (outputs.py)
    path("editions/<slug:slug>/outputs/", outputs.public_page, name="outputs"),
    path("editions/<slug:slug>/outputs/feed/", outputs.feed, name="feed"),
    path("editions/<slug:slug>/consents/", outputs.my_consents, name="consents"),
    path("editions/<slug:slug>/outputs/manage/", outputs.manage, name="manage"),
    path("library/<int:pk>/offer/", outputs.offer_document, name="offer_document"),
    path("groups/<int:pk>/final-report/offer/", outputs.offer_report, name="offer_report"),
    path("outputs/<int:pk>/consent/", outputs.consent, name="consent"),
    # The closing report (reports.py)
    path("editions/<slug:slug>/closing-report/", reports.reports, name="reports"),
    path("closing-reports/<int:pk>/progress/", reports.progress, name="report_progress"),
    path("closing-reports/<int:pk>/publish/", reports.publish, name="publish_report"),
    path("closing-reports/<int:pk>/report.pdf", reports.download, name="download_report"),
    # Continuing in another form (continuation.py)
    path("editions/<slug:slug>/continue/", continuation.start, name="continue_edition"),
    path("editions/<slug:slug>/continue/answer/", continuation.answer, name="continue_answer"),
]
