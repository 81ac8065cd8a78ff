"""REST API v1 of the initiatives app."""
