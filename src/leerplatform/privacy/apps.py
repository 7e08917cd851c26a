from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "leerplatform.privacy"
    verbose_name = _("Privacy and your data")
    default_auto_field = "django.db.models.BigAutoField"
