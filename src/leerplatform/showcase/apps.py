from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShowcaseConfig(AppConfig):
    name = "leerplatform.showcase"
    verbose_name = _("Outputs and the closing report")

    def ready(self) -> None:
        from leerplatform.showcase import signals_outputs  # noqa: F401  (the publication guard)
