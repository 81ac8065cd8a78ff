"""REST API v1 of the dimensions app."""
