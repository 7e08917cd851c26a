from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "leerplatform.proposals"
    verbose_name = _("Plenary proposals")

    def ready(self) -> None:
        # Connects the receiver that queues the decision email after the service's event.
        from leerplatform.proposals import tasks  # noqa: F401
