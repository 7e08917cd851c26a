"""Publishing and accepting an edition's collaboration agreements (the open learning climate)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from leerplatform.accounts.consent import record_consent
from leerplatform.accounts.models import ConsentKind
from leerplatform.core import activity
from leerplatform.core.models import Verb
from leerplatform.editions.models import Edition, Membership
from leerplatform.membership.models import Agreement, AgreementAcceptance


def _normalised(text: str) -> str:
    return "\n".join(
        line.rstrip() for line in (text or "").replace("\r\n", "\n").split("\n")
    ).strip()


def current_agreement(*, edition: Edition) -> Agreement | None:
    """The latest published version of the edition's agreements, if any."""
    return Agreement.objects.filter(edition=edition).order_by("-version").first()


@transaction.atomic
def publish_agreements(*, edition: Edition, text: str, actor) -> Agreement:
    """Publish `text` as the next version; participants accept it again at their next visit."""
    text = _normalised(text)
    if not text:
        raise ValidationError({"text": _("Write the agreements before publishing them.")})
    # Lock the edition so that two facilitators publishing at once get versions n and n+1.
    Edition.objects.select_for_update().filter(pk=edition.pk).first()
    latest = current_agreement(edition=edition)
    if latest is not None and _normalised(latest.text) == text:
        raise ValidationError(
            {
                "text": _("The text has not changed since version %(version)s.")
                % {"version": latest.version}
            }
        )
    agreement = Agreement.objects.create(
        edition=edition,
        version=(latest.version if latest else 0) + 1,
        text=text,
        published_by=actor,
    )
    activity.record(
        actor=actor,
        verb=Verb.AGREEMENTS_PUBLISHED,
        edition=edition,
        target=agreement,
        data={"version": agreement.version},
    )
    return agreement


@transaction.atomic
def accept_agreements(*, agreement: Agreement, user) -> AgreementAcceptance:
    """Record that `user` accepts this version; accepting twice changes nothing."""
    if not Membership.objects.active().filter(user=user, edition_id=agreement.edition_id).exists():
        raise ValidationError(_("Only members of the edition can accept its agreements."))
    latest = current_agreement(edition=agreement.edition)
    if latest is not None and latest.pk != agreement.pk:
        raise ValidationError(
            _("A newer version of the agreements has been published. Please read it first.")
        )
    acceptance, created = AgreementAcceptance.objects.get_or_create(agreement=agreement, user=user)
    if created:
        record_consent(
            kind=ConsentKind.AGREEMENTS,
            subject=agreement.edition.name,
            version=str(agreement.version),
            user=user,
        )
        activity.record(
            actor=user,
            verb=Verb.AGREEMENTS_ACCEPTED,
            edition=agreement.edition,
            target=agreement,
            data={"version": agreement.version},
        )
    return acceptance
