"""Who may do what with reflection, evaluation and the give-and-take balance (one module per area)."""

from leerplatform.reflection import rules_balance, rules_evaluation, rules_journal  # noqa: F401
