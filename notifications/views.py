"""The user's notifications."""
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .selectors import notifications_for


@login_required
def notification_list(request):
    return render(request, "notifications/notification_list.html",
                  {"notifications": notifications_for(request.user)[:200]})
