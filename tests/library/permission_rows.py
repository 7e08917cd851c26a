"""Rows of the permission table for the library (see tests/test_permissions.py)."""

from tests.library.permission_rows_documents import ROWS as DOCUMENT_ROWS
from tests.library.permission_rows_files import ROWS as FILE_ROWS

ROWS = DOCUMENT_ROWS + FILE_ROWS
