"""Single sign-on with the council's identity provider over OpenID Connect (Microsoft Entra ID, Google Workspace,
Okta, Keycloak), through mozilla-django-oidc: its views run the authorization-code flow (state, nonce and PKCE kept
in the session), its backend fetches the tokens; here is what EqA adds. The ID token is checked for its issuer and
audience as well as its signature, expiry and nonce (the library checks neither of the first two). A person is
known by the token's issuer and subject (SignOnIdentity), never by a name that can be reused. Each sign-on makes the
roles that came from the provider's groups match the groups in the token (GroupRole, which a council admin maps on
the settings pages), leaving roles a council admin gave by hand alone. Someone whom no group gives a role is not
signed in: they are shown a page saying whom to ask, with the groups EqA received.

Off until the environment names a provider (eqa_site/settings.py, README.md): `enabled()`."""

import hashlib
import re
from functools import wraps

import jwt
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from councils.logs import log_event
from councils.models import GROUP_NAME, GroupRole, Membership, Role, SignOnIdentity

# What a token may carry that EqA keeps or shows, bounded: a provider that sends more is cut, never trusted whole.
MOST_GROUPS = 500
SHOWN_GROUPS = 50
USERNAME, NAME, EMAIL = 150, 150, 254
# The groups of a person refused, for the page that says so: never a session of theirs, only these words.
GROUPS_RECEIVED = "eqa_sign_on_groups"


def enabled():
    """On only when everything a sign-in needs is named: half set, no token could be checked."""
    return all(
        (
            settings.OIDC_RP_CLIENT_ID,
            settings.OIDC_OP_ISSUER,
            settings.OIDC_OP_AUTHORIZATION_ENDPOINT,
            settings.OIDC_OP_TOKEN_ENDPOINT,
            settings.OIDC_OP_JWKS_ENDPOINT,
        )
    )


def sign_on_page(view):
    """A page of single sign-on, for anybody, signed in or not; 404 whatever the method while it is off."""

    @wraps(view)
    def page(request, *args, **kwargs):
        if not enabled():
            raise Http404
        return view(request, *args, **kwargs)

    return login_not_required(page)


def groups_in(claims):
    """The groups the token names, as text, at most MOST_GROUPS of them and each no longer than a mapping's."""
    found = claims.get(settings.OIDC_GROUPS_CLAIM) or []
    if isinstance(found, str):
        found = [found]
    if not isinstance(found, list):
        return []
    return [str(group)[:GROUP_NAME] for group in found[:MOST_GROUPS]]


def _username(claims):
    """The account's username: what the provider calls the person (Entra ID's user principal name, usually their
    email address), in the characters Django's usernames allow; made unique with the subject if it is taken."""
    wanted = claims.get("preferred_username") or claims.get("email") or claims["sub"]
    username = re.sub(r"[^\w.@+-]", "_", str(wanted))[:USERNAME]
    if get_user_model().objects.filter(username__iexact=username).exists():
        suffix = "-" + hashlib.sha256(str(claims["sub"]).encode()).hexdigest()[:8]
        username = username[: USERNAME - len(suffix)] + suffix
    return username


class SignOnBackend(OIDCAuthenticationBackend):
    def authenticate(self, request, **kwargs):
        # Only the sign-on's callback asks with a nonce; a password's sign-in is never this backend's.
        if "nonce" not in kwargs or not enabled():
            return None
        return super().authenticate(request, **kwargs)

    def _verify_jws(self, payload, key):
        """The library checks the signature, the algorithm and the expiry; EqA checks too that the token was issued
        by its provider, for EqA: a token the provider gave another app of the council's is refused."""
        if jwt.get_unverified_header(payload).get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise SuspiciousOperation("The ID token is not signed with the algorithm EqA expects.")
        try:
            return jwt.decode(
                payload,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=settings.OIDC_OP_ISSUER,
                options={"require": ["exp", "iat", "aud", "iss", "sub"]},
                leeway=60,
            )
        except jwt.InvalidTokenError as refused:
            raise SuspiciousOperation(f"The ID token is refused: {refused}") from refused

    def get_userinfo(self, access_token, id_token, payload):
        """The ID token's claims (where Entra ID sends groups), with the userinfo endpoint's where one is set, for
        the same person only."""
        claims = dict(payload)
        if self.OIDC_OP_USER_ENDPOINT:
            more = super().get_userinfo(access_token, id_token, payload)
            if more.get("sub") != payload.get("sub"):
                raise SuspiciousOperation("The userinfo endpoint answered for another person.")
            claims = {**more, **payload}
        return claims

    def verify_claims(self, claims):
        return bool(claims.get("sub"))

    def filter_users_by_claims(self, claims):
        User = get_user_model()
        found = User.objects.filter(
            sign_on_identity__issuer=settings.OIDC_OP_ISSUER, sign_on_identity__subject=str(claims["sub"])[:255]
        )
        if found or not (claims.get("email") and claims.get("email_verified") is True):
            return found
        # A person who signed in with a password before, found by their email address at their first sign-on, only
        # where the provider says it checked that the address is theirs (Google, Okta and Keycloak do; Entra ID
        # sends no such claim, as its email claim is what an administrator or the person typed) and only an account
        # no other identity holds. Otherwise anybody who could set that address at the provider would take it over.
        # Never the accounts of whoever runs EqA, which reach every council.
        return User.objects.filter(
            email__iexact=claims["email"], sign_on_identity__isnull=True, is_staff=False, is_superuser=False
        )

    def create_user(self, claims):
        user = get_user_model()(username=_username(claims))
        # They sign in at their provider: EqA keeps no password of theirs.
        user.set_unusable_password()
        user.save()
        return self.update_user(user, claims)

    def update_user(self, user, claims):
        # Their name and address as the provider has them now, where it sends them: a council renames people.
        told = {
            "first_name": str(claims.get("given_name") or "")[:NAME],
            "last_name": str(claims.get("family_name") or "")[:NAME],
            "email": str(claims.get("email") or "")[:EMAIL],
        }
        changed = [name for name, value in told.items() if value and getattr(user, name) != value]
        for name in changed:
            setattr(user, name, told[name])
        if changed:
            user.save(update_fields=changed)
        groups = groups_in(claims)
        with transaction.atomic():
            SignOnIdentity.objects.update_or_create(
                user=user, defaults={"issuer": settings.OIDC_OP_ISSUER, "subject": str(claims["sub"])[:255]}
            )
            roles_from_groups(user=user, groups=groups)
        self.request.eqa_sign_on_groups = groups
        return user


def _wanted(groups):
    """{(council id, role): (the group that gives it, its services)} for the mappings of `groups`. Two groups that
    give one role give the services of both, or every service if either does."""
    wanted = {}
    for mapping in GroupRole.objects.filter(group__in=groups).prefetch_related("services").order_by("group"):
        key = (mapping.council_id, mapping.role)
        services = {service.pk for service in mapping.services.all()} if mapping.role == Role.APPROVER else set()
        if key in wanted:
            group, before = wanted[key]
            services = before | services if before and services else set()
            wanted[key] = (group, services)
        else:
            wanted[key] = (mapping.group, services)
    return wanted


def roles_from_groups(*, user, groups):
    """Make the person's roles that came from the provider's groups match `groups`: add what a group now gives,
    remove what none gives any more. A role a council admin gave by hand is left as it is. Each change is saved
    as the person's own, marked with the group (Membership.from_group), for the council's History."""
    wanted = _wanted(groups)
    have = {(m.council_id, m.role): m for m in Membership.objects.filter(user=user).prefetch_related("services")}
    for key, membership in have.items():
        if membership.from_group and key not in wanted:
            membership._history_user = user
            membership.delete()
    for key, (group, services) in wanted.items():
        membership = have.get(key)
        if membership is None:
            membership = Membership(user=user, council_id=key[0], role=key[1], from_group=group)
            membership._history_user = user
            membership.save()
        elif not membership.from_group:
            continue
        elif membership.from_group != group:
            membership.from_group = group
            membership._history_user = user
            membership.save(update_fields=["from_group"])
        if {service.pk for service in membership.services.all()} != services:
            membership._history_user = user
            membership.services.set(services)


class SignOnDone(OIDCAuthenticationCallbackView):
    """Where the provider sends the person back. Signed in when a group gives them a role in EqA; otherwise not
    signed in, and told whom to ask."""

    def get(self, request):
        try:
            return super().get(request)
        except (SuspiciousOperation, requests.RequestException):
            # A token refused (its signature, issuer, audience, expiry or nonce), a state not this browser's, or
            # the provider not answering: nobody is signed in, and the sign-in page says to try again.
            return self.login_failure()

    def login_success(self):
        if not Membership.objects.filter(user=self.user).exists():
            log_event("sign-in", outcome="sign-on-no-role", request=self.request, person=self.user.username)
            self.request.session[GROUPS_RECEIVED] = getattr(self.request, "eqa_sign_on_groups", [])
            return redirect("sign-on-no-role")
        return super().login_success()

    def login_failure(self):
        log_event("sign-in", outcome="sign-on-refused", request=self.request)
        return HttpResponseRedirect(reverse("sign-in") + "?sign-on=failed")


@sign_on_page
@require_GET
def no_role(request):
    groups = request.session.get(GROUPS_RECEIVED)
    if groups is None:
        return redirect("sign-in")
    return render(
        request,
        "registration/sign_on_no_role.html",
        {"groups": groups[:SHOWN_GROUPS], "more": max(0, len(groups) - SHOWN_GROUPS)},
    )


# Sends the person to their provider to sign in.
sign_on_start = sign_on_page(OIDCAuthenticationRequestView.as_view())
sign_on_done = sign_on_page(SignOnDone.as_view())
