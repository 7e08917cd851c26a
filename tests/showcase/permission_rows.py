"""Rows of the permission table for outputs, the closing report and continuation."""

from tests.showcase.permission_rows_continuation import ROWS as CONTINUATION_ROWS
from tests.showcase.permission_rows_outputs import ROWS as OUTPUT_ROWS
from tests.showcase.permission_rows_reports import ROWS as REPORT_ROWS

ROWS = OUTPUT_ROWS + REPORT_ROWS + CONTINUATION_ROWS
