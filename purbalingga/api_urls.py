"""REST API v1 and its schema (issue 5)."""

urlpatterns = []
