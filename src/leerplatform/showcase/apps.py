from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShowcaseConfig(AppConfig):
    name = "leerplatform.showcase"
    verbose_name = _("Outputs and the closing report")

    def ready(self) -> None:
        # The publication guard and the library's events; the receivers that queue tasks.
        from leerplatform.showcase import receivers, tasks  # noqa: F401
