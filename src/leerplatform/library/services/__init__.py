"""The library's state changes: documents (adding, changing, the bin) and files (files, versions,
downloads, the text read from them)."""
