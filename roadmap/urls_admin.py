"""Masterplan administration routes (import and export of the masterplan, issue 7)."""

app_name = "masterplan"

urlpatterns = []
