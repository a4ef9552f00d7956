"""Pages of the development programmes, one view module per part of the flow."""

from django.urls import path

from boso.programmes import views_agreements, views_applications, views_money, views_programmes

app_name = "programmes"

urlpatterns = [
    # Programmes and calls (views_programmes)
    path("programmer/", views_programmes.programme_list, name="programme-list"),
    path("programmer/ny/", views_programmes.programme_create, name="programme-create"),
    path("programmer/<int:pk>/", views_programmes.programme_detail, name="programme"),
    path(
        "programmer/<int:pk>/aktiver/",
        views_programmes.programme_activate,
        name="programme-activate",
    ),
    path("programmer/<int:pk>/avslutt/", views_programmes.programme_close, name="programme-close"),
    path("programmer/<int:pk>/utlysninger/ny/", views_programmes.call_create, name="call-create"),
    path("programmer/utlysninger/<int:pk>/", views_programmes.call_detail, name="call"),
    path(
        "programmer/utlysninger/<int:pk>/inviter/", views_programmes.call_invite, name="call-invite"
    ),
    path(
        "programmer/utlysninger/<int:pk>/inviter-fra-rangering/",
        views_programmes.call_invite_decisions,
        name="call-invite-decisions",
    ),
    path("programmer/utlysninger/<int:pk>/lys-ut/", views_programmes.call_open, name="call-open"),
    path("programmer/utlysninger/<int:pk>/lukk/", views_programmes.call_close, name="call-close"),
    path(
        "programmer/invitasjoner/<int:pk>/invitasjon.pdf",
        views_programmes.invitation_pdf,
        name="invitation-pdf",
    ),
    # Applications, attachments and assessment (views_applications)
    path("programmer/soknader/", views_applications.application_list, name="application-list"),
    path(
        "programmer/invitasjoner/<int:pk>/sok/",
        views_applications.application_start,
        name="application-start",
    ),
    path(
        "programmer/soknader/<int:pk>/",
        views_applications.application_detail,
        name="application",
    ),
    path(
        "programmer/soknader/<int:pk>/rediger/",
        views_applications.application_edit,
        name="application-edit",
    ),
    path(
        "programmer/soknader/<int:pk>/send/",
        views_applications.application_submit,
        name="application-submit",
    ),
    path(
        "programmer/soknader/<int:pk>/gjenapne/",
        views_applications.application_reopen,
        name="application-reopen",
    ),
    path(
        "programmer/soknader/<int:pk>/vedlegg/",
        views_applications.attachment_upload,
        name="attachment-upload",
    ),
    path("programmer/vedlegg/<int:pk>/", views_applications.attachment_download, name="attachment"),
    path(
        "programmer/vedlegg/<int:pk>/slett/",
        views_applications.attachment_delete,
        name="attachment-delete",
    ),
    path(
        "programmer/soknader/<int:pk>/soknad.pdf",
        views_applications.application_pdf,
        name="application-pdf",
    ),
    path(
        "programmer/soknader/<int:pk>/vurder/",
        views_applications.application_assess,
        name="application-assess",
    ),
    path(
        "programmer/vurderinger/<int:pk>/vedtaksbrev.pdf",
        views_applications.decision_pdf,
        name="decision-pdf",
    ),
    # Agreements (views_agreements)
    path(
        "programmer/soknader/<int:pk>/avtale/ny/",
        views_agreements.agreement_create,
        name="agreement-create",
    ),
    path("programmer/avtaler/<int:pk>/", views_agreements.agreement_detail, name="agreement"),
    path(
        "programmer/avtaler/<int:pk>/signer/",
        views_agreements.agreement_sign,
        name="agreement-sign",
    ),
    path(
        "programmer/avtaler/<int:pk>/avtale.pdf",
        views_agreements.agreement_pdf,
        name="agreement-pdf",
    ),
    # Participation, grants, disbursements, other instruments (views_money)
    path(
        "programmer/deltakelser/<int:pk>/", views_money.participation_detail, name="participation"
    ),
    path("programmer/deltakelser/<int:pk>/tilsagn/", views_money.grant_create, name="grant-create"),
    path(
        "programmer/tilsagn/<int:pk>/anmodning/",
        views_money.disbursement_request,
        name="disbursement-request",
    ),
    path(
        "programmer/utbetalinger/<int:pk>/betal/",
        views_money.disbursement_pay,
        name="disbursement-pay",
    ),
    path("programmer/virkemidler/<str:code>/", views_money.instruments, name="instruments"),
]
