"""The library's forms: documents (a document, the list's filters) and files (an upload)."""
