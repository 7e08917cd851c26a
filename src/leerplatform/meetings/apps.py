from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "leerplatform.meetings"
    verbose_name = _("Meetings")

    def ready(self) -> None:
        # Connects the receivers that queue the emails after the services' events.
        from leerplatform.meetings import tasks  # noqa: F401
