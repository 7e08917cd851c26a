"""Database engines of our own (settings.DATABASES[...]["ENGINE"])."""
