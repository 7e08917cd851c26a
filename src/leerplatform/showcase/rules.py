"""Who may do what with outputs, the closing report and continuation (one module per area)."""

from leerplatform.showcase import rules_continuation, rules_outputs, rules_reports  # noqa: F401
