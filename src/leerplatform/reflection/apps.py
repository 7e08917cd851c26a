from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReflectionConfig(AppConfig):
    name = "leerplatform.reflection"
    verbose_name = _("Reflection and evaluation")

    def ready(self) -> None:
        # Journal entries and evaluation receipts move their person's private version: the
        # dashboard's prompts are kept for them (core.shared_reads.personal).
        from leerplatform.accounts.services import private_rows
        from leerplatform.reflection.models import EvaluationReceipt, JournalEntry

        private_rows(JournalEntry)
        private_rows(EvaluationReceipt)
