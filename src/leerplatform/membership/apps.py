from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembershipConfig(AppConfig):
    name = "leerplatform.membership"
    verbose_name = _("Membership")

    def ready(self) -> None:
        # `tasks`: the receivers that queue membership's emails. The roles of every permission
        # check are read with the agreements the guard needs (one query on each member page).
        # An acceptance moves its person's private version: the roles kept for them carry the
        # agreements still due (core.shared_reads.personal).
        from leerplatform.accounts.services import private_rows
        from leerplatform.editions.rules import read_roles_with
        from leerplatform.membership import tasks  # noqa: F401
        from leerplatform.membership.decorators import read_roles_and_agreements
        from leerplatform.membership.models import AgreementAcceptance

        read_roles_with(read_roles_and_agreements)
        private_rows(AgreementAcceptance)
