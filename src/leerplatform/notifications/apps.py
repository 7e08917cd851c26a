from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "leerplatform.notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        # The receivers that turn the apps' events into notifications; the tasks that mail them.
        from leerplatform.notifications import receivers, tasks  # noqa: F401
