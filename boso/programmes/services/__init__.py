"""Writes for the development programmes, one module per part of the flow.

Every status change goes through these services and is logged in StatusChange; a
refused write raises ValidationError naming the field and leaves nothing half saved.
Callers use `from boso.programmes import services` and `services.<name>`.
"""

from boso.core.locking import ConflictError
from boso.programmes.services.agreements import (
    agreement_create,
    agreement_sign,
    participation_end,
)
from boso.programmes.services.applications import (
    DECISION_FIELDS,
    EDITABLE,
    TEXT_FIELDS,
    Add,
    Budget,
    ContactInput,
    YearInput,
    application_budget,
    application_create,
    application_decide,
    application_problems,
    application_reopen,
    application_save_draft,
    application_submit,
)
from boso.programmes.services.attachments import (
    attachment_add,
    attachment_delete,
    attachment_max_mb,
    attachment_path,
    file_type,
)
from boso.programmes.services.common import (
    MAX_SCORE,
    MIN_SCORE,
    status_log,
)
from boso.programmes.services.grants import (
    disbursement_pay,
    disbursement_request,
    grant_decide,
    instrument_record_save,
)
from boso.programmes.services.programmes import (
    GatheringInput,
    call_close,
    call_create,
    call_invite,
    call_invite_from_decisions,
    call_open,
    programme_activate,
    programme_close,
    programme_create,
)
from boso.programmes.services.reporting import reporting_schedule_create, schedule_for

__all__ = [
    "DECISION_FIELDS",
    "EDITABLE",
    "MAX_SCORE",
    "MIN_SCORE",
    "TEXT_FIELDS",
    "Add",
    "Budget",
    "ConflictError",
    "ContactInput",
    "GatheringInput",
    "YearInput",
    "agreement_create",
    "agreement_sign",
    "application_budget",
    "application_create",
    "application_decide",
    "application_problems",
    "application_reopen",
    "application_save_draft",
    "application_submit",
    "attachment_add",
    "attachment_delete",
    "attachment_max_mb",
    "attachment_path",
    "call_close",
    "call_create",
    "call_invite",
    "call_invite_from_decisions",
    "call_open",
    "disbursement_pay",
    "disbursement_request",
    "file_type",
    "grant_decide",
    "instrument_record_save",
    "participation_end",
    "programme_activate",
    "programme_close",
    "programme_create",
    "reporting_schedule_create",
    "schedule_for",
    "status_log",
]
