from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo edition and `manage.py load_demo` (no models of its own)."""

    name = "leerplatform.demo"
    verbose_name = _("Demo edition")
