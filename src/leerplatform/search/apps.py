from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "leerplatform.search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from leerplatform.search import receivers  # noqa: F401  (connects the index updates)
