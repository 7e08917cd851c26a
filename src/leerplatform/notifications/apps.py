from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "leerplatform.notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        # The receivers that turn the apps' events into notifications; the tasks that mail them.
        # A follow moves its person's private version: the follow buttons are kept for them.
        from leerplatform.accounts.services import private_rows
        from leerplatform.notifications import receivers, tasks  # noqa: F401
        from leerplatform.notifications.models import Follow

        private_rows(Follow)
