from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroupsConfig(AppConfig):
    name = "leerplatform.groups"
    label = "learninggroups"  # "groups" would read like django.contrib.auth's groups
    verbose_name = _("Learning groups")

    def ready(self) -> None:
        from leerplatform.groups import signals  # noqa: F401  (ends groups with the edition)
