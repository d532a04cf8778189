"""Page routes. Every name here is used by templates and tests; ids never appear in paths by hand."""

from django.urls import path, register_converter

from ladders.web.views import admin, auth, checkins, dashboard, evidence, framework, maturity, team


class QuarterConverter:
    regex = r"\d{4}-Q[1-4]"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(QuarterConverter, "quarter")

urlpatterns = [
    path("login/", auth.sign_in, name="login"),
    path("logout/", auth.sign_out, name="logout"),
    path("", dashboard.my_dashboard, name="dashboard"),
    path("people/<int:person_id>/", dashboard.person_page, name="person"),
    path("evidence/", evidence.evidence_list, name="my-evidence"),
    path("people/<int:person_id>/evidence/", evidence.evidence_list, name="evidence"),
    path("people/<int:person_id>/evidence/add/", evidence.evidence_add, name="evidence-add"),
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
    path("framework/", framework.framework_page, name="framework"),
    path("maturity/", maturity.maturity_page, name="maturity"),
    path("admin/", admin.admin_home, name="admin"),
    path("admin/frameworks/", admin.frameworks, name="admin-frameworks"),
    path(
        "admin/frameworks/<int:version_id>/activate/",
        admin.framework_activate,
        name="admin-framework-activate",
    ),
    path("admin/people/import/", admin.people_import, name="admin-people-import"),
]
