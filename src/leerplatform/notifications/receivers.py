"""The apps' events turned into notifications and follows: one module per part of the platform in
`sources/`, each connecting its receivers when imported (by `apps.py`)."""

from leerplatform.notifications.sources import (  # noqa: F401
    editions,
    follows,
    groups,
    library,
    meetings,
    membership,
    mentions,
    proposals,
    reflection,
    showcase,
)
