"""What the evaluation views share: turning service exceptions into form errors and messages."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.exceptions import ConflictError


def apply_service_errors(request, form, exc) -> None:
    """Show a service's refusal on the form: field errors where the field exists, the rest on top."""
    if isinstance(exc, ConflictError):
        form.add_error(None, exc.message or _("Someone else saved this in the meantime; reload and try again."))
        return
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return
    form.add_error(None, exc.messages if isinstance(exc, ValidationError) else str(exc))


def flash_error(request, exc) -> None:
    if isinstance(exc, ConflictError):
        messages.error(request, exc.message or _("Someone else saved this in the meantime."))
    elif isinstance(exc, ValidationError):
        messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, str(exc))
