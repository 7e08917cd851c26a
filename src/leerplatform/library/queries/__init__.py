"""Reads for the library's pages: documents (the list, a theme, a document, the bin) and files."""
