from django.urls import path

from councils import settings_groups as groups
from councils import settings_invitations as invitations
from councils import settings_leavers as leavers
from councils import settings_people as people
from councils import settings_views as views

app_name = "councils"

urlpatterns = [
    path("<slug:slug>/settings/", views.settings_index, name="settings"),
    path("<slug:slug>/settings/people/", people.people, name="people"),
    path("<slug:slug>/settings/people/add/", people.person_add, name="person-add"),
    path(
        "<slug:slug>/settings/people/<int:person_pk>/temporary-password/",
        people.person_temporary_password,
        name="person-temporary-password",
    ),
    path("<slug:slug>/settings/people/<int:person_pk>/unlock/", people.person_unlock, name="person-unlock"),
    path("<slug:slug>/settings/people/invite/", invitations.person_invite, name="person-invite"),
    path(
        "<slug:slug>/settings/invitations/<int:invitation_pk>/send-again/",
        invitations.invitation_resend,
        name="invitation-resend",
    ),
    path(
        "<slug:slug>/settings/invitations/<int:invitation_pk>/withdraw/",
        invitations.invitation_withdraw_page,
        name="invitation-withdraw",
    ),
    path(
        "<slug:slug>/settings/people/<int:person_pk>/deactivate/", leavers.person_deactivate, name="person-deactivate"
    ),
    path("<slug:slug>/settings/people/<int:person_pk>/restore/", leavers.person_restore_page, name="person-restore"),
    path("<slug:slug>/settings/roles/<int:membership_pk>/remove/", people.role_remove_page, name="role-remove"),
    path(
        "<slug:slug>/settings/roles/<int:membership_pk>/services/", people.approver_services, name="approver-services"
    ),
    path("<slug:slug>/settings/groups/", groups.group_roles, name="group-roles"),
    path("<slug:slug>/settings/groups/add/", groups.group_role_add, name="group-role-add"),
    path(
        "<slug:slug>/settings/groups/<int:mapping_pk>/remove/", groups.group_role_remove_page, name="group-role-remove"
    ),
    path("<slug:slug>/settings/review-periods/", views.review_periods, name="review-periods"),
    path("<slug:slug>/settings/references/", views.references, name="references"),
    path("<slug:slug>/settings/screening/", views.screening, name="screening"),
    path("<slug:slug>/settings/public-register/", views.public_register, name="public-register"),
    path("<slug:slug>/settings/services/", views.services, name="services"),
    path("<slug:slug>/settings/services/add/", views.service_form, name="service-add"),
    path("<slug:slug>/settings/services/<int:service_pk>/", views.service_form, name="service-edit"),
    path("<slug:slug>/settings/services/<int:service_pk>/remove/", views.service_remove_page, name="service-remove"),
    path("<slug:slug>/settings/history/", views.settings_history, name="settings-history"),
]
