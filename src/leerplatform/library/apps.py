from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "leerplatform.library"
    verbose_name = _("Library")

    def ready(self) -> None:
        from leerplatform.library import tasks  # noqa: F401  (reads the text of new files)
