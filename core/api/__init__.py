"""Shared pieces of the REST API: authentication, permissions, pagination, CSV, errors, throttling, schema."""
