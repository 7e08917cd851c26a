from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembershipConfig(AppConfig):
    name = "leerplatform.membership"
    verbose_name = _("Membership")

    def ready(self) -> None:
        # The receivers that queue membership's emails.
        from leerplatform.membership import tasks  # noqa: F401
