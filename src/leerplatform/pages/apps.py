from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    """The top layer: pages that compose several apps (no models of its own)."""

    name = "leerplatform.pages"
    verbose_name = _("Pages")
