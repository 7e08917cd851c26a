"""Rows of the permission table for reflection, evaluation and the balance."""

from tests.reflection.permission_rows_balance import ROWS as BALANCE_ROWS
from tests.reflection.permission_rows_evaluation import ROWS as EVALUATION_ROWS
from tests.reflection.permission_rows_journal import ROWS as JOURNAL_ROWS

ROWS = JOURNAL_ROWS + EVALUATION_ROWS + BALANCE_ROWS
