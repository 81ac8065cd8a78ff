"""REST API v1 of the roadmap app."""
