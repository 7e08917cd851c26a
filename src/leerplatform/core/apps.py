from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "leerplatform.core"
    verbose_name = _("Core")

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from leerplatform.core import visitor_cache

        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(visitor_cache.model_changed, dispatch_uid=f"visitor-cache-{signal!r}")
