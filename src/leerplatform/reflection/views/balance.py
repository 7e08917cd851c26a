"""Bringing and taking: "Mijn brengen en halen" (one's own) and the network's balance
(facilitators and staff). Thin views: the edition, the permission, one query, render.

An edition one may not see answers 404; a person who sees the edition but may not see the page
gets 403 (an outsider, staff on someone's own page, a participant on the network's page).
"""

from __future__ import annotations

import rules
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from leerplatform.core.permissions import permission_required
from leerplatform.editions.models import Edition
from leerplatform.editions.queries import hides_edition, load_edition
from leerplatform.membership.decorators import MemberRequest, agreements_accepted
from leerplatform.reflection.queries import balance as queries


@login_required
@agreements_accepted
@require_GET
@permission_required("reflection.view_own_balance", load=load_edition, hide=hides_edition)
def mine(request: MemberRequest, edition: Edition, slug: str) -> HttpResponse:
    """What I brought and took in this edition, per meeting period, and my ledger rows."""
    balance = queries.my_balance(
        user=request.user, edition=edition, page_number=request.GET.get("page") or 1
    )
    return render(
        request,
        "reflection/balance.html",
        {
            "edition": edition,
            "balance": balance,
            "page": balance.entries,
            "counting": queries.counting_rules(),
            "can_see_network": rules.has_perm(
                "reflection.view_network_balance", request.user, edition
            ),
        },
    )


@login_required
@require_GET
@permission_required("reflection.view_network_balance", load=load_edition, hide=hides_edition)
def network(request: MemberRequest, edition: Edition, slug: str) -> HttpResponse:
    """The network's balance per period, institution, group and theme, and who has not been
    seen yet in this phase (an invitation, never a ranking)."""
    return render(
        request,
        "reflection/balance_network.html",
        {"edition": edition, "network": queries.network_balance(edition=edition)},
    )
