"""Who may do what with the closing report.

The facilitators of the edition (and staff) ask for reports, follow their progress, publish and
take them back, and download every finished one (object: an Edition for the page, a
ClosingReport otherwise). A published report is for everyone, visitors included: it is the
edition's report to the field. An unpublished one does not exist for anyone else (404).
"""

from __future__ import annotations

import rules

from leerplatform.editions.models import Role
from leerplatform.editions.rules import is_facilitator, is_staff, roles_of


@rules.predicate
def facilitates_reports_edition(user, report) -> bool:
    return report is not None and roles_of(user).get(report.edition_id) == Role.FACILITATOR


@rules.predicate
def is_published_report(user, report) -> bool:
    return (
        report is not None
        and report.published_at is not None
        and report.status == "done"
        and bool(report.file)
    )


# On an Edition
rules.add_perm("showcase.manage_reports", is_facilitator | is_staff)
# On a ClosingReport
rules.add_perm("showcase.manage_report", facilitates_reports_edition | is_staff)
rules.add_perm("showcase.view_report", is_published_report | facilitates_reports_edition | is_staff)
