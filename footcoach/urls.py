from __future__ import annotations

from django.urls import path

from footcoach.accounts import delete_views, profile_views, token_views
from footcoach.accounts import views as accounts
from footcoach.api.routes import api
from footcoach.coaching import classroom, dashboard, handout, homework, invitations
from footcoach.health import healthz
from footcoach.library import views as library
from footcoach.ownership import views as ownership
from footcoach.player import views as player
from footcoach.progress import views as progress
from footcoach.reminders import views as reminders

urlpatterns = [
    path("", library.home, name="home"),
    path("library", library.library_index, name="library"),
    path("library/exercises/<slug:exercise_id>", library.exercise_detail, name="exercise"),
    path("library/programs/<slug:program_id>", library.program_detail, name="program"),
    path("library/programs/<slug:program_id>/handout", handout.program_handout, name="program-handout"),
    path("library/programs/<slug:program_id>/handout.pdf", handout.program_handout_pdf, name="program-handout-pdf"),
    path("coach/assignments/<int:assignment_id>/handout", handout.assignment_handout, name="assignment-handout"),
    path("coach/assignments/<int:assignment_id>/handout.pdf", handout.assignment_handout_pdf,
         name="assignment-handout-pdf"),
    path("coach/class/<slug:program_id>", classroom.class_session, name="class-session"),
    path("coach/class/<slug:program_id>/attendance", classroom.mark_attendance, name="class-attendance"),
    path("coach/clients/<int:client_id>/homework/new", homework.new_homework, name="new-homework"),
    path("coach/homework/<int:assignment_id>/edit", homework.edit_homework, name="edit-homework"),
    path("coach/homework/<int:assignment_id>/end", homework.end_homework, name="end-homework"),
    path("library/tests", library.tests_index, name="tests"),
    path("library/tests/<slug:test_id>", library.test_detail, name="test"),
    path("library/evidence", library.evidence_labels, name="evidence"),
    path("accounts/signup", accounts.signup, name="signup"),
    path("accounts/signin", accounts.SignInView.as_view(), name="signin"),
    path("accounts/signout", accounts.SignOutView.as_view(), name="signout"),
    path("accounts/password-reset", accounts.ResetPasswordView.as_view(), name="password-reset"),
    path("accounts/password-reset/sent", accounts.ResetPasswordSentView.as_view(), name="password-reset-sent"),
    path("accounts/reset/<uidb64>/<token>", accounts.NewPasswordView.as_view(), name="password-reset-confirm"),
    path("accounts/reset/done", accounts.NewPasswordSetView.as_view(), name="password-reset-complete"),
    path("account", accounts.account, name="account"),
    path("account/password", accounts.ChangePasswordView.as_view(), name="change-password"),
    path("account/delete", delete_views.delete_account, name="delete-account"),
    path("account/deleted", delete_views.account_deleted, name="account-deleted"),
    path("start", profile_views.start, name="start"),
    path("start/<slug:step_slug>", profile_views.start, name="start-step"),
    path("profile/edit", profile_views.edit_profile, name="edit-profile"),
    path("profile/edit/<slug:step_slug>", profile_views.edit_step, name="edit-step"),
    path("plan", profile_views.plan, name="plan"),
    path("progress", progress.progress_page, name="progress"),
    path("progress/tests/<slug:test_id>", progress.record_test, name="record-test"),
    path("progress/morning-pain", progress.morning_pain, name="morning-pain"),
    path("account/export", ownership.export_page, name="export"),
    path("account/export.json", ownership.export_json, name="export-json"),
    path("account/export.zip", ownership.export_zip, name="export-zip"),
    path("account/import", ownership.import_upload, name="import-upload"),
    path("account/tokens", token_views.create_token, name="create-token"),
    path("account/tokens/<int:token_id>/revoke", token_views.revoke_token, name="revoke-token"),
    path("account/teacher", invitations.teacher_switch, name="teacher-switch"),
    path("account/calendar.ics", reminders.download, name="calendar-download"),
    path("account/calendar/renew", reminders.renew_feed, name="calendar-renew"),
    path("account/calendar/stop", reminders.stop_feed, name="calendar-stop"),
    path("account/reminders", reminders.save_reminders, name="save-reminders"),
    path("calendar/<str:feed_token>.ics", reminders.feed, name="calendar-feed"),
    path("account/links/<int:link_id>/end", invitations.end_link, name="end-link"),
    path("coach", dashboard.dashboard, name="coach"),
    path("coach/alert-emails", dashboard.alert_emails, name="coach-alert-emails"),
    path("coach/clients/<int:client_id>", dashboard.client_page, name="coach-client"),
    path("coach/invitations", invitations.invitations, name="coach-invitations"),
    path("coach/invitations/<int:invitation_id>/revoke", invitations.revoke_invitation, name="revoke-invitation"),
    path("invite", invitations.invite_by_code, name="invite-code"),
    path("invite/<str:invitation_token>", invitations.invitation, name="invitation"),
    path("api/", api.urls),
    path("session/<slug:program_id>", player.session, name="session"),
    path("homework/<int:assignment_id>/session", player.homework_session, name="homework-session"),
    path("sw.js", player.service_worker, name="service-worker"),
    path("healthz", healthz, name="healthz"),
    path("manifest.webmanifest", player.manifest, name="manifest"),
]

handler404 = "footcoach.errors.not_found"
handler500 = "footcoach.errors.server_error"
