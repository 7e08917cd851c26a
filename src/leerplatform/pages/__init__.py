"""Pages that compose several apps: the dashboard, the edition page, the meeting page."""
