from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroupsConfig(AppConfig):
    name = "leerplatform.groups"
    label = "learninggroups"  # "groups" would read like django.contrib.auth's groups
    verbose_name = _("Learning groups")

    def ready(self) -> None:
        # Connect the receivers: the groups end with the edition (receivers), the emails are
        # queued when the services' events are sent (tasks).
        from leerplatform.groups import receivers, tasks  # noqa: F401
