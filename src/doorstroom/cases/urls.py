from django.urls import path

from doorstroom.cases.views import documents, dossier, leerplicht, lists, work

app_name = "cases"
case = "<uuid:public_id>/"
urlpatterns = [
    path("", lists.my_cases, name="mine"),
    path("caseloads/", lists.caseloads, name="caseloads"),
    path("meldingstatus/", leerplicht.report_status, name="report_status"),
    path("meldingstatus.csv", leerplicht.status_export, name="status_export"),
    path(case, dossier.detail, name="detail"),
    path(f"{case}toewijzen/", dossier.assign, name="assign"),
    path(f"{case}status/", work.state, name="state"),
    path(f"{case}contactpoging/", work.contact_attempt, name="contact_attempt"),
    path(f"{case}notitie/", work.note, name="note"),
    path(f"{case}intake/", work.intake, name="intake"),
    path(f"{case}toestemming/", work.consent, name="consent"),
    path(
        f"{case}toestemming/<int:pk>/intrekken/",
        dossier.withdraw_consent,
        name="withdraw_consent",
    ),
    path(f"{case}plan/", work.plan, name="plan"),
    path(f"{case}doel/<int:pk>/behaald/", dossier.goal_achieved, name="goal_achieved"),
    path(f"{case}taak/", work.task, name="task"),
    path(f"{case}taak/<int:pk>/gedaan/", dossier.task_done, name="task_done"),
    path(f"{case}document/<int:pk>/", dossier.document, name="document"),
    path(f"{case}document/", documents.upload, name="upload"),
    path(f"{case}brief/", documents.letter, name="letter"),
    path(f"{case}verwijzing/", work.referral, name="referral"),
    path(f"{case}verwijzing/<int:pk>/", work.referral_status, name="referral_status"),
    path(f"{case}afsluiten/", work.close, name="close"),
    path(f"{case}nazorg/<int:pk>/", work.follow_up, name="follow_up"),
    path(f"{case}horen/", leerplicht.hearing, name="hearing"),
    path(f"{case}mas/", leerplicht.mas, name="mas"),
    path(f"{case}halt/", leerplicht.halt, name="halt"),
    path(f"{case}halt/<int:pk>/", leerplicht.halt_outcome, name="halt_outcome"),
    path(f"{case}proces-verbaal/", leerplicht.official_report, name="official_report"),
    path(
        f"{case}proces-verbaal/<int:pk>/verstuurd/",
        leerplicht.official_report_sent,
        name="official_report_sent",
    ),
    path(
        f"{case}proces-verbaal/<int:pk>/afdoening/",
        leerplicht.official_report_outcome,
        name="official_report_outcome",
    ),
    path(f"{case}zorgmelding/", leerplicht.care_report, name="care_report"),
    path(f"{case}melding/<int:pk>/afsluiten/", leerplicht.close_report, name="close_report"),
]
