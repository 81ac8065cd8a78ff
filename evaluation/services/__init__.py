"""Every write of the evaluation app (keyword-only, atomic, permission and version checked, with history).
Split by topic; import from here."""

from .framework import (
    delete_framework_row,
    install_default_framework,
    save_component,
    save_item,
    save_mapping,
    save_national_dimension,
    set_dimension_mapping,
)
from .periods import (
    apply_rules,
    create_period,
    finalise_period,
    save_answer,
    update_weights,
    upload_document,
)
from .risks import create_risk, delete_risk, update_risk

__all__ = [
    "apply_rules",
    "create_period",
    "create_risk",
    "delete_framework_row",
    "delete_risk",
    "finalise_period",
    "install_default_framework",
    "save_answer",
    "save_component",
    "save_item",
    "save_mapping",
    "save_national_dimension",
    "set_dimension_mapping",
    "update_risk",
    "update_weights",
    "upload_document",
]
