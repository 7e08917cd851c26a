"""The privacy app's rows of the permission table (tests/test_permissions.py)."""

from tests.privacy.rows_erasure import ROWS as ERASURE_ROWS
from tests.privacy.rows_export import ROWS as EXPORT_ROWS
from tests.privacy.rows_pages import ROWS as PAGE_ROWS

ROWS = PAGE_ROWS + EXPORT_ROWS + ERASURE_ROWS
