from django.contrib import admin
from django.urls import include, path

from councils import notification_views, single_sign_on
from councils import views as council_views
from councils.settings_invitations import invitation_accept_page

urlpatterns = [
    path("", council_views.home, name="home"),
    path("sign-in/", council_views.sign_in, name="sign-in"),
    path("sign-in/single-sign-on/", single_sign_on.sign_on_start, name="sign-on"),
    path("sign-in/single-sign-on/done/", single_sign_on.sign_on_done, name="sign-on-done"),
    path("sign-in/single-sign-on/no-role/", single_sign_on.no_role, name="sign-on-no-role"),
    path("sign-out/", council_views.sign_out, name="sign-out"),
    path("password/change/", council_views.password_change, name="password-change"),
    path("password/choose/", council_views.password_choose, name="password-choose"),
    path("password/forgotten/", council_views.password_forgotten, name="password-reset"),
    path("password/forgotten/sent/", council_views.password_reset_sent, name="password-reset-sent"),
    path("password/reset/<uidb64>/<token>/", council_views.password_reset, name="password-reset-confirm"),
    path("password/reset/done/", council_views.password_reset_done, name="password-reset-done"),
    path("account/emails/", notification_views.notification_choices, name="notification-choices"),
    path("invitation/<str:token>/", invitation_accept_page, name="invitation-accept"),
    path("healthz", council_views.healthz, name="healthz"),
    path("session/keep-alive", council_views.keep_alive, name="keep-alive"),
    path("accessibility", council_views.accessibility, name="accessibility"),
    path("councils/", include("councils.urls")),
    path("assessments/", include("assessments.urls")),
    path("action-plans/", include("actionplans.urls")),
    path("register/", include("assessments.public_urls")),
    path("admin/", admin.site.urls),
]

handler403 = council_views.permission_denied
handler404 = council_views.page_not_found
handler500 = council_views.server_error
