"""Who may record indicator values (the rest of the permission matrix is in initiatives/permissions.py).

| action                       | anonymous | viewer | opd_staff (responsible OPD) | opd_staff (other) | admin |
|------------------------------|-----------|--------|-----------------------------|-------------------|-------|
| record indicator measurement | no        | no     | yes                         | no                | yes   |
"""

from __future__ import annotations

from opd.choices import Role
from opd.selectors import opd_id_of, role_of


def can_record_measurement(user, indicator) -> bool:
    role = role_of(user)
    return role == Role.ADMIN or (
        role == Role.OPD_STAFF and indicator.opd_id is not None and indicator.opd_id == opd_id_of(user)
    )


def can_edit_findings(user) -> bool:
    """The masterplan's narrative (a dimension's findings) is edited by administrators."""
    return role_of(user) == Role.ADMIN
