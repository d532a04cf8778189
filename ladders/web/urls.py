"""Page routes. Every name here is used by templates and tests; ids never appear in paths by hand."""

from django.urls import path, register_converter

from ladders.core.dates import QUARTER_PATTERN
from ladders.web.views import (
    account,
    admin,
    auth,
    calibration,
    checkins,
    cycles,
    dashboard,
    evidence,
    exports,
    framework,
    inbox,
    maturity,
    packets,
    passwords,
    pay,
    people,
    sso,
    team,
)


class QuarterConverter:
    regex = QUARTER_PATTERN.removeprefix("^").removesuffix("$")

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(QuarterConverter, "quarter")

urlpatterns = [
    path("login/", auth.sign_in, name="login"),
    path("logout/", auth.sign_out, name="logout"),
    path("sso/start/", sso.sso_start, name="sso-start"),
    path("sso/callback/", sso.sso_callback, name="sso-callback"),
    path("password/reset/", passwords.password_reset, name="password-reset"),
    path("password/reset/sent/", passwords.password_reset_sent, name="password-reset-sent"),
    path("password/reset/<uidb64>/<token>/", passwords.password_reset_confirm, name="password-reset-confirm"),
    path("password/reset/done/", passwords.password_reset_complete, name="password-reset-complete"),
    path("account/password/", passwords.password_change, name="password-change"),
    path("account/tokens/", account.tokens, name="tokens"),
    path("account/tokens/<int:token_id>/revoke/", account.token_revoke_view, name="token-revoke"),
    path("", dashboard.my_dashboard, name="dashboard"),
    path("people/<int:person_id>/", dashboard.person_page, name="person"),
    path(
        "people/<int:person_id>/snapshots/<int:snapshot_id>/",
        dashboard.snapshot,
        name="snapshot",
    ),
    path("evidence/", evidence.evidence_list, name="my-evidence"),
    path("people/<int:person_id>/evidence/", evidence.evidence_list, name="evidence"),
    path("people/<int:person_id>/evidence/add/", evidence.evidence_add, name="evidence-add"),
    path("people/<int:person_id>/evidence/inbox/", inbox.inbox, name="evidence-inbox"),
    path("people/<int:person_id>/evidence/inbox/upload/", inbox.inbox_upload, name="evidence-inbox-upload"),
    path(
        "people/<int:person_id>/evidence/<int:evidence_id>/edit/",
        evidence.evidence_edit,
        name="evidence-edit",
    ),
    path(
        "people/<int:person_id>/evidence/<int:evidence_id>/delete/",
        evidence.evidence_delete,
        name="evidence-delete",
    ),
    path("checkins/", checkins.checkin_list, name="checkins"),
    path("checkins/<quarter:quarter>/", checkins.checkin_edit, name="checkin"),
    path(
        "people/<int:person_id>/checkins/<quarter:quarter>/", checkins.checkin_review, name="checkin-review"
    ),
    path("team/", team.team, name="team"),
    path("packets/", packets.packet_list, name="packets"),
    path("people/<int:person_id>/packets/new/", packets.packet_new, name="packet-new"),
    path("packets/<int:packet_id>/", packets.packet_detail, name="packet"),
    path("packets/<int:packet_id>/draft/", packets.packet_draft, name="packet-draft"),
    path("packets/<int:packet_id>/review/", packets.packet_review, name="packet-review"),
    path("packets/<int:packet_id>/audit/", packets.packet_audit, name="packet-audit"),
    path("packets/<int:packet_id>/decide/", packets.packet_decide, name="packet-decide"),
    path("packets/<int:packet_id>/reopen/", packets.packet_reopen, name="packet-reopen"),
    path("packets/<int:packet_id>/export.md", packets.packet_export_markdown, name="packet-export-md"),
    path("packets/<int:packet_id>/export.html", packets.packet_export_html, name="packet-export-html"),
    path("calibration/", calibration.calibration, name="calibration"),
    path("calibration/<slug:table>.csv", calibration.calibration_csv, name="calibration-csv"),
    path("exports/", exports.exports, name="exports"),
    path("exports/<int:export_id>/", exports.export_detail, name="export"),
    path("exports/<int:export_id>/download/", exports.export_download, name="export-download"),
    path("framework/", framework.framework_page, name="framework"),
    path("maturity/", maturity.maturity_page, name="maturity"),
    path("admin/", admin.admin_home, name="admin"),
    path("admin/frameworks/", admin.frameworks, name="admin-frameworks"),
    path(
        "admin/frameworks/<int:version_id>/activate/",
        admin.framework_activate,
        name="admin-framework-activate",
    ),
    path(
        "admin/frameworks/<int:version_id>/preview/",
        admin.framework_preview,
        name="admin-framework-preview",
    ),
    path(
        "admin/frameworks/rebuilds/<int:rebuild_id>/",
        admin.facts_rebuild,
        name="admin-facts-rebuild",
    ),
    path("admin/people/import/", admin.people_import, name="admin-people-import"),
    path("admin/people/import/<int:import_id>/", admin.people_import_job, name="admin-people-import-job"),
    path("cycles/", cycles.cycle_list, name="cycles"),
    path("cycles/<int:cycle_id>/", cycles.cycle_detail, name="cycle"),
    path("cycles/<int:cycle_id>/participation.csv", cycles.cycle_csv, name="cycle-csv"),
    path("settings/mail/", cycles.mail_preferences, name="mail-preferences"),
    path("admin/cycles/new/", cycles.cycle_new, name="admin-cycle-new"),
    path("admin/cycles/<int:cycle_id>/open/", cycles.cycle_open, name="admin-cycle-open"),
    path("admin/cycles/<int:cycle_id>/close/", cycles.cycle_close, name="admin-cycle-close"),
    path("admin/notifications/", cycles.notifications, name="admin-notifications"),
    path("admin/tokens/", account.admin_tokens, name="admin-tokens"),
    path("admin/people/", people.people_admin, name="admin-people"),
    path("admin/people/invite/", people.people_invite, name="admin-people-invite"),
    path("admin/people/<int:person_id>/", people.person_admin, name="admin-person"),
    path("admin/people/<int:person_id>/salary/", people.person_salary, name="admin-person-salary"),
    path(
        "admin/people/<int:person_id>/deactivate/",
        people.person_deactivate_view,
        name="admin-person-deactivate",
    ),
    path(
        "admin/people/<int:person_id>/reactivate/",
        people.person_reactivate_view,
        name="admin-person-reactivate",
    ),
    path("admin/audit/", people.audit_page, name="admin-audit"),
    path("admin/audit.csv", people.audit_export, name="admin-audit-csv"),
    path("invitations/<str:uidb64>/<str:token>/", people.invitation, name="invite-accept"),
    path("admin/bands/", pay.bands, name="admin-bands"),
    path("admin/bands/<int:band_id>/edit/", pay.band_edit, name="admin-band-edit"),
    path("admin/bands/<int:band_id>/delete/", pay.band_remove, name="admin-band-delete"),
]
