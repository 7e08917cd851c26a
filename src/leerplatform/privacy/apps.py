from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "leerplatform.privacy"
    verbose_name = _("Privacy and your data")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Connect the receivers: the one that queues a data export's task (tasks). Erasure adds
        # its receivers (logging in cancels an asked-for erasure) here.
        from leerplatform.privacy import tasks  # noqa: F401
