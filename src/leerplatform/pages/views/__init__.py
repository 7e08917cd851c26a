"""The views of the pages that compose several apps, one module per page."""
