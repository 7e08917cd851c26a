from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "leerplatform.privacy"
    verbose_name = _("Privacy and your data")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Connect the receivers: the one that queues a data export's task (tasks), and logging
        # in cancels an asked-for erasure (receivers).
        from leerplatform.privacy import receivers, tasks  # noqa: F401
