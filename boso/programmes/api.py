"""API endpoints for the development programmes, under /api/v1/programmes.

Reads ask the same object permissions as the pages (boso/programmes/rules.py). Lists
hold only what the caller may see, filtered in the query, and cost the same number of
queries however long they are. Writes go through the same services as the pages: a
refused write is a 422 listing the problems by field, a draft saved from a stale
version a 409.

A write checks the permission before the body is read (PermittedAuth): a caller who
may not write gets 403 whatever the body holds, and only one who may learns what is
wrong with the input.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Model, Prefetch, QuerySet
from django.http import FileResponse, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination

from boso.accounts.models import User
from boso.api.auth import RequiredAuth
from boso.api.permissions import require
from boso.api.schemas import ErrorOut
from boso.municipalities.models import Municipality
from boso.municipalities.selectors import (
    MunicipalityNotFound,
    municipality_get,
)
from boso.programmes import schemas, selectors, services
from boso.programmes.models import (
    Agreement,
    Application,
    ApplicationContact,
    Attachment,
    Call,
    GrantDecision,
    InstrumentRecord,
    Invitation,
    Participation,
    Programme,
)
from boso.programmes.schemas import (
    AgreementOut,
    ApplicationDraftIn,
    ApplicationFilters,
    ApplicationOut,
    ApplicationPage,
    CallOut,
    ContactIn,
    DecisionIn,
    InstrumentFilters,
    InstrumentsOut,
    ParticipationFilters,
    ParticipationOut,
    ParticipationPage,
    ProblemsOut,
    ProgrammeDetailOut,
    ProgrammeFilters,
    ProgrammePage,
)

VIEW_PROGRAMME = "programmes.view_programme"
VIEW_INVITATION = "programmes.view_invitation"
VIEW_APPLICATION = "programmes.view_application"
EDIT_APPLICATION = "programmes.edit_application"
ASSESS = "programmes.assess_application"
VIEW_AGREEMENT = "programmes.view_agreement"
VIEW_MONEY = "programmes.view_money"

router = Router(tags=["programmes"])
M = TypeVar("M", bound=Model)
Json = dict[str, Any]

_REFUSED = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}
_WRITE = {200: ApplicationOut, **_REFUSED, 409: ErrorOut, 422: ProblemsOut}


# What a caller may see, as queries ----------------------------------------------------


def _visible_applications(user: Any) -> QuerySet[Application]:
    return selectors.applications_visible_to(user)


def _visible_participations(user: Any) -> QuerySet[Participation]:
    return selectors.participations_visible_to(user)


# Loading ------------------------------------------------------------------------------


def _found(queryset: QuerySet[M], pk: int, what: str) -> M:
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise HttpError(404, f"no {what} {pk}")
    return obj


def _programmes() -> QuerySet[Programme]:
    return (
        selectors.programme_list().prefetch_related("budgets").order_by("-start_year", "name", "pk")
    )


def _applications() -> QuerySet[Application]:
    return Application.objects.select_related(
        "call__programme__region", "municipality"
    ).prefetch_related("years")


def _application_full(pk: int) -> Application:
    contacts = ApplicationContact.objects.select_related("user")
    return _found(
        _applications()
        .select_related("submitted_by")
        .prefetch_related(Prefetch("contacts", contacts), "attachments", "assessments"),
        pk,
        "application",
    )


def _participations(found: QuerySet[Participation]) -> QuerySet[Participation]:
    return found.select_related("municipality", "programme", "tier").order_by(
        "programme_id", "municipality__code", "pk"
    )


class PermittedAuth(RequiredAuth):
    """A logged-in caller with `perm` on the object named in the path, checked before
    django-ninja reads the body: 401, 403 (or 404 for an unknown object) whatever the
    body holds."""

    def __init__(self, perm: str, load: Callable[..., Model]) -> None:
        super().__init__()
        self.perm = perm
        self.load = load

    def __call__(self, request: HttpRequest) -> Any:
        user = super().__call__(request)
        if user is None:
            return None
        request.auth = user  # type: ignore[attr-defined]  # what require() reads
        match = request.resolver_match
        require(request, self.perm, self.load(**(match.kwargs if match else {})))
        return user


def _application_in_path(application_id: int) -> Application:
    return _found(_applications(), application_id, "application")


# Out ---------------------------------------------------------------------------------


def _page(
    queryset: QuerySet[M], filters: LimitOffsetPagination.Input, out: Callable[[M], Json]
) -> Json:
    """One page, sliced in the database, and the count of the whole query."""
    rows = queryset[filters.offset : filters.offset + filters.limit]
    return {"items": [out(row) for row in rows], "count": queryset.count()}


# Programmes and calls -----------------------------------------------------------------


@router.get("", response={200: ProgrammePage, 401: ErrorOut}, summary="Development programmes")
def list_programmes(request: HttpRequest, filters: Query[ProgrammeFilters]) -> Json:
    """Every programme, newest first, with its rules and budget frame; paginated."""
    require(request, VIEW_PROGRAMME)
    found = _programmes()
    if filters.region:
        found = found.filter(region__slug=filters.region)
    if filters.status:
        found = found.filter(status=filters.status)
    return _page(found, filters, schemas.programme_out)


@router.get(
    "/{int:programme_id}",
    response={200: ProgrammeDetailOut, **_REFUSED},
    summary="One programme with its calls",
)
def get_programme(request: HttpRequest, programme_id: int) -> Json:
    calls = Prefetch("calls", Call.objects.order_by("deadline", "pk"))
    programme = _found(_programmes().prefetch_related(calls), programme_id, "programme")
    require(request, VIEW_PROGRAMME, programme)
    return {**schemas.programme_out(programme), "calls": programme.calls.all()}


@router.get("calls/{int:call_id}", response={200: CallOut, **_REFUSED}, summary="One call")
def get_call(request: HttpRequest, call_id: int) -> Json:
    """The call with its requirements and gatherings, and the invitations the caller
    may see (programmes.view_invitation: a municipality sees its own)."""
    invitations = Prefetch("invitations", Invitation.objects.select_related("municipality"))
    call = _found(
        Call.objects.select_related("programme__region").prefetch_related(
            "gatherings", invitations
        ),
        call_id,
        "call",
    )
    user = require(request, VIEW_PROGRAMME, call)
    return {
        "id": call.pk,
        "programme": call.programme,
        "title": call.title,
        "status": call.status,
        "deadline": call.deadline,
        "requirements": call.requirements,
        "gatherings": call.gatherings.all(),
        "invitations": [i for i in call.invitations.all() if user.has_perm(VIEW_INVITATION, i)],
    }


# Applications ---------------------------------------------------------------------------


@router.get("applications", response={200: ApplicationPage, 401: ErrorOut}, summary="Applications")
def list_applications(request: HttpRequest, filters: Query[ApplicationFilters]) -> Json:
    """The applications the caller may read (Husbanken: the own region's, admins all;
    a coordinator the own municipality's; a reader those submitted), paginated."""
    user = require(request, VIEW_PROGRAMME)
    found = _visible_applications(user).select_related("call", "municipality")
    if filters.call is not None:
        found = found.filter(call_id=filters.call)
    if filters.status:
        found = found.filter(status=filters.status)
    if filters.municipality:
        found = found.filter(municipality__code=filters.municipality)
    found = found.prefetch_related("years").order_by("call_id", "municipality__code", "pk")
    return _page(found, filters, schemas.application_summary)


@router.get(
    "applications/{int:application_id}",
    response={200: ApplicationOut, **_REFUSED},
    summary="One application",
)
def get_application(request: HttpRequest, application_id: int) -> Json:
    """Everything in the application, its budget totals and own share, attachments,
    assessments (scores and recommendation only for those who assess) and history."""
    application = _application_full(application_id)
    user = require(request, VIEW_APPLICATION, application)
    return schemas.application_out(application, internal=user.has_perm(ASSESS, application))


@router.get(
    "attachments/{int:attachment_id}/file",
    response={200: None, **_REFUSED},
    url_name="attachment_file",
    summary="An attachment's file",
)
def attachment_file(request: HttpRequest, attachment_id: int) -> FileResponse:
    """The document as uploaded (type checked by content on upload), for whoever may
    read the application (programmes.view_application)."""
    attachment = _found(
        Attachment.objects.select_related(
            "application__call__programme__region", "application__municipality"
        ),
        attachment_id,
        "attachment",
    )
    require(request, VIEW_APPLICATION, attachment.application)
    response = FileResponse(
        services.attachment_path(attachment).open("rb"),
        as_attachment=True,
        filename=attachment.name,
        content_type=attachment.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _application_out(request: HttpRequest, application_id: int) -> Json:
    """The application as it is now, after a write."""
    application = _application_full(application_id)
    user = _caller(request)
    return schemas.application_out(application, internal=user.has_perm(ASSESS, application))


def _caller(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def _refused(exc: ValidationError) -> Status[Json]:
    """422 with every problem, each naming its field."""
    errors = exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.messages}
    problems = [{"field": f, "message": m} for f, messages in errors.items() for m in messages]
    return Status(422, {"detail": problems})


def _contacts(items: list[ContactIn]) -> list[services.ContactInput]:
    names = {c.username for c in items}
    users = {u.username: u for u in User.objects.filter(username__in=names, is_active=True)}
    unknown = sorted(names - set(users))
    if unknown:
        raise ValidationError(
            {"contacts": _("Ukjent brukernavn: %(names)s.") % {"names": ", ".join(unknown)}}
        )
    return [services.ContactInput(str(c.role), users[c.username], c.unit) for c in items]


def _draft_changes(payload: ApplicationDraftIn) -> Json:
    """The service's keyword arguments for the fields the body holds."""
    given = payload.model_fields_set
    changes: Json = {
        name: getattr(payload, name)
        for name in (*services.TEXT_FIELDS, *services.DECISION_FIELDS)
        if name in given
    }
    if "political_body" in changes:
        changes["political_body"] = str(changes["political_body"])
    if payload.years is not None:
        changes["years"] = [services.YearInput(**y.model_dump()) for y in payload.years]
    if payload.contacts is not None:
        changes["contacts"] = _contacts(payload.contacts)
    return changes


@router.put(
    "applications/{int:application_id}",
    response=_WRITE,
    auth=PermittedAuth(EDIT_APPLICATION, _application_in_path),
    summary="Save a draft",
)
def save_application(
    request: HttpRequest, application_id: int, payload: ApplicationDraftIn
) -> Status[Json]:
    """Save the draft as the pages do (programmes.edit_application). `version` must be
    the one read: a draft saved by someone else since is a 409 and nothing changes."""
    application = _application_in_path(application_id)
    try:
        services.application_save_draft(
            application=application,
            expected_version=payload.version,
            user=_caller(request),
            **_draft_changes(payload),
        )
    except services.ConflictError as exc:
        return Status(409, {"detail": " ".join(exc.messages)})
    except ValidationError as exc:
        return _refused(exc)
    return Status(200, _application_out(request, application_id))


@router.post(
    "applications/{int:application_id}/submit",
    response=_WRITE,
    auth=PermittedAuth(EDIT_APPLICATION, _application_in_path),
    summary="Submit an application",
)
def submit_application(request: HttpRequest, application_id: int) -> Status[Json]:
    """Send the application to Husbanken. Every rule is checked: a refusal is a 422
    listing all the problems by field, and the draft stays as it was."""
    application = _application_in_path(application_id)
    try:
        services.application_submit(application=application, user=_caller(request))
    except ValidationError as exc:
        return _refused(exc)
    return Status(200, _application_out(request, application_id))


@router.post(
    "applications/{int:application_id}/decision",
    response=_WRITE,
    auth=PermittedAuth(ASSESS, _application_in_path),
    summary="Assess and decide an application",
)
def decide_application(
    request: HttpRequest, application_id: int, payload: DecisionIn
) -> Status[Json]:
    """Score the submitted application on every criterion, recommend and decide
    (programmes.assess_application); `more_info` sends it back with the comment."""
    application = _application_in_path(application_id)
    try:
        services.application_decide(
            application=application,
            outcome=str(payload.outcome),
            scores=payload.scores,
            recommendation=payload.recommendation,
            comment=payload.comment,
            user=_caller(request),
        )
    except ValidationError as exc:
        return _refused(exc)
    return Status(200, _application_out(request, application_id))


# Agreements and money -------------------------------------------------------------------


@router.get(
    "agreements/{int:agreement_id}",
    response={200: AgreementOut, **_REFUSED},
    summary="One agreement",
)
def get_agreement(request: HttpRequest, agreement_id: int) -> Json:
    agreement = _found(
        Agreement.objects.select_related(
            "application__call__programme__region",
            "application__municipality",
            "tier",
            "participation",
        ),
        agreement_id,
        "agreement",
    )
    require(request, VIEW_AGREEMENT, agreement)
    application = agreement.application
    # The participation exists once the agreement is signed (reverse one-to-one).
    participation = getattr(agreement, "participation", None)
    return {
        "id": agreement.pk,
        "application": application.pk,
        "programme": application.call.programme,
        "municipality": application.municipality,
        "tier": agreement.tier,
        "starts_on": agreement.starts_on,
        "ends_on": agreement.ends_on,
        "husbanken_obligations": agreement.husbanken_obligations,
        "municipality_obligations": agreement.municipality_obligations,
        "status": agreement.status,
        "signed_by_municipality_on": agreement.signed_by_municipality_on,
        "signed_by_husbanken_on": agreement.signed_by_husbanken_on,
        "participation": participation.pk if participation else None,
        "history": selectors.status_history(agreement),
    }


@router.get(
    "participations",
    response={200: ParticipationPage, 401: ErrorOut},
    summary="Participating municipalities",
)
def list_participations(request: HttpRequest, filters: Query[ParticipationFilters]) -> Json:
    """The participations the caller may see (programmes.view_money: Husbanken all, a
    municipality its own), paginated."""
    user = require(request, VIEW_PROGRAMME)
    found = _participations(_visible_participations(user))
    if filters.programme is not None:
        found = found.filter(programme_id=filters.programme)
    if filters.municipality:
        found = found.filter(municipality__code=filters.municipality)
    if filters.status:
        found = found.filter(status=filters.status)
    return _page(found, filters, schemas.participation_summary)


@router.get(
    "participations/{int:participation_id}",
    response={200: ParticipationOut, **_REFUSED},
    summary="One participation with grants, disbursements and balance",
)
def get_participation(request: HttpRequest, participation_id: int) -> Json:
    grants = Prefetch(
        "grants", GrantDecision.objects.order_by("year").prefetch_related("disbursements")
    )
    participation = _found(
        _participations(Participation.objects.all()).prefetch_related(grants),
        participation_id,
        "participation",
    )
    require(request, VIEW_MONEY, participation)
    return {
        **schemas.participation_summary(participation),
        "grants": participation.grants.all(),
        "balance": selectors.participation_balance(participation),
        "reporting_schedule": participation.reporting_periods.all(),
        "history": selectors.status_history(participation),
    }


def _municipality_in(code: str, year: int) -> Municipality:
    """The municipality with this number in the year, else the number's latest use."""
    for day in (datetime.date(year, 7, 1), None):
        try:
            return municipality_get(code, day=day)
        except MunicipalityNotFound:
            continue
    raise HttpError(404, f"no municipality with code {code!r}")


@router.get(
    "instruments",
    response={200: InstrumentsOut, **_REFUSED},
    summary="Husbanken's other instruments in a municipality and year",
)
def list_instruments(request: HttpRequest, filters: Query[InstrumentFilters]) -> Json:
    """Start loans, grants, housing allowance … used in the municipality in the year
    (programmes.view_money: Husbanken any municipality, a municipality its own)."""
    municipality = _municipality_in(filters.municipality, filters.year)
    # The permission is asked on what the money is about: a record of this
    # municipality and year (unsaved; rules reads its municipality).
    require(request, VIEW_MONEY, InstrumentRecord(municipality=municipality, year=filters.year))
    return {
        "municipality": municipality,
        "year": filters.year,
        "records": selectors.instruments_for(municipality, filters.year),
    }
