"""REST API v1 of the opd app."""
