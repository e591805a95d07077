"""Single sign-on with OpenID Connect, against a real provider on loopback (tests/oidc): a person's first sign-on
makes their account with the roles their groups give; each later one makes those roles match their groups again;
a token that is not the provider's, not for EqA, not fresh or not this sign-in's is refused, and nobody is signed
in by it."""

import time

import jwt
from django.contrib.auth import SESSION_KEY, get_user_model
from django.urls import reverse

from councils.models import GroupRole, Membership, Role, SignOnIdentity
from tests.oidc import OTHER_CLIENT_ID, TokenEndpointBetween, id_token_for_another_app, new_key, sign_in_at_provider

HERE = "http://testserver"


def sign_on(client, login):
    """Sign in as the provider's `login` from EqA's sign-in page's button; the answer of EqA's callback."""
    start = client.get(reverse("sign-on"))
    assert start.status_code == 302
    back = sign_in_at_provider(start["Location"], login, returns_to=HERE)
    return client.get(back.removeprefix(HERE))


def roles(user):
    return sorted((m.council.slug, m.role, m.from_group) for m in Membership.objects.filter(user=user))


def test_it_makes_the_person_at_their_first_sign_on_with_the_roles_their_groups_give(
    client, single_sign_on, council, service
):
    GroupRole.objects.create(council=council, group="ASC-EIA-Approvers", role=Role.APPROVER).services.set([service])
    response = sign_on(client, "jo.bloggs")
    assert response["Location"] == reverse("home")
    jo = get_user_model().objects.get(sign_on_identity__subject="jo.bloggs")
    assert (jo.username, jo.first_name, jo.last_name) == ("jo.bloggs@council.example", "Jo", "Bloggs")
    assert not jo.has_usable_password()
    assert roles(jo) == [("cwac", Role.APPROVER, "ASC-EIA-Approvers")]
    assert list(Membership.objects.get(user=jo).services.all()) == [service]
    assert client.session[SESSION_KEY] == str(jo.pk)


def test_it_makes_the_roles_match_the_groups_again_at_each_sign_on(client, single_sign_on, council, other_council):
    GroupRole.objects.create(council=council, group="ASC-EIA-Approvers", role=Role.APPROVER)
    GroupRole.objects.create(council=other_council, group="EIA-Authors", role=Role.AUTHOR)
    sign_on(client, "jo.bloggs")
    jo = get_user_model().objects.get(sign_on_identity__subject="jo.bloggs")
    Membership.objects.create(user=jo, council=council, role=Role.VIEWER)  # given by hand by a council admin
    client.post(reverse("sign-out"))
    single_sign_on.change("jo.bloggs", groups=["EIA-Authors", "All-Staff"])
    sign_on(client, "jo.bloggs")
    assert roles(jo) == [("another", Role.AUTHOR, "EIA-Authors"), ("cwac", Role.VIEWER, "")]
    assert get_user_model().objects.filter(sign_on_identity__isnull=False).count() == 1


def test_it_says_in_the_councils_history_that_the_roles_came_from_the_groups(
    client, single_sign_on, council, council_admin
):
    GroupRole.objects.create(council=council, group="ASC-EIA-Approvers", role=Role.APPROVER)
    sign_on(client, "jo.bloggs")
    client.post(reverse("sign-out"))
    single_sign_on.change("jo.bloggs", groups=[])
    GroupRole.objects.create(council=council, group="EIA-Authors", role=Role.AUTHOR)
    single_sign_on.change("jo.bloggs", groups=["EIA-Authors"])
    sign_on(client, "jo.bloggs")
    client.force_login(council_admin)
    page = client.get(reverse("councils:settings-history", args=[council.slug])).content.decode()
    assert (
        "Made an account for Jo Bloggs (jo.bloggs@council.example) at their first single sign-on and gave them "
        "the role Approver (head of service), from the identity provider’s group ‘ASC-EIA-Approvers’" in page
    )
    assert (
        "Removed the role Approver (head of service) from Jo Bloggs, as the identity provider’s groups no longer "
        "give it" in page
    )
    assert "the role Author (commissioning officer), from the identity provider’s group ‘EIA-Authors’" in page


def test_it_signs_the_person_out(client, single_sign_on, council):
    GroupRole.objects.create(council=council, group="ASC-EIA-Approvers", role=Role.APPROVER)
    sign_on(client, "jo.bloggs")
    assert client.get(reverse("home")).status_code == 200
    client.post(reverse("sign-out"))
    assert SESSION_KEY not in client.session
    assert client.get(reverse("home"))["Location"].startswith(reverse("sign-in"))


def test_it_shows_a_person_no_group_gives_a_role_whom_to_ask_and_does_not_sign_them_in(client, single_sign_on, council):
    GroupRole.objects.create(council=council, group="ASC-EIA-Approvers", role=Role.APPROVER)
    response = sign_on(client, "sam.nogroup")
    assert response["Location"] == reverse("sign-on-no-role")
    assert SESSION_KEY not in client.session
    page = client.get(response["Location"]).content.decode()
    assert "You do not have a role in EqA yet" in page
    assert "Ask your council’s EqA administrator, or your IT team" in page
    assert "<code>All-Staff</code>" in page


def test_it_finds_a_password_account_by_an_email_address_the_provider_checked(client, single_sign_on, council, author):
    GroupRole.objects.create(council=council, group="ASC-EIA-Approvers", role=Role.APPROVER)
    single_sign_on.change("jo.bloggs", email=author.email)
    sign_on(client, "jo.bloggs")
    assert SignOnIdentity.objects.get(subject="jo.bloggs").user == author
    assert roles(author) == [("cwac", Role.APPROVER, "ASC-EIA-Approvers"), ("cwac", Role.AUTHOR, "")]


def test_it_keeps_the_persons_name_as_the_provider_has_it_now(client, single_sign_on, council):
    GroupRole.objects.create(council=council, group="ASC-EIA-Approvers", role=Role.APPROVER)
    sign_on(client, "jo.bloggs")
    client.post(reverse("sign-out"))
    single_sign_on.change("jo.bloggs", family_name="Smith")
    sign_on(client, "jo.bloggs")
    assert get_user_model().objects.get(sign_on_identity__subject="jo.bloggs").get_full_name() == "Jo Smith"


def test_it_never_joins_a_superusers_account_by_email(client, single_sign_on, council):
    GroupRole.objects.create(council=council, group="ASC-EIA-Approvers", role=Role.APPROVER)
    runs_eqa = get_user_model().objects.create_superuser("runs-eqa", "jo.bloggs@council.example", "a-long-password")
    sign_on(client, "jo.bloggs")
    assert SignOnIdentity.objects.get(subject="jo.bloggs").user != runs_eqa


def test_it_never_takes_over_an_account_by_an_email_address_the_provider_did_not_check(
    client, single_sign_on, council, author
):
    GroupRole.objects.create(council=council, group="ASC-EIA-Approvers", role=Role.APPROVER)
    single_sign_on.change("jo.bloggs", email=author.email, email_verified=False)
    sign_on(client, "jo.bloggs")
    assert SignOnIdentity.objects.get(subject="jo.bloggs").user != author
    assert roles(author) == [("cwac", Role.AUTHOR, "")]


def test_it_offers_only_single_sign_on_when_password_sign_in_is_off(client, single_sign_on, settings, council, author):
    settings.PASSWORD_SIGN_IN = False
    settings.AUTHENTICATION_BACKENDS = [b for b in settings.AUTHENTICATION_BACKENDS if "ModelBackend" not in b]
    page = client.get(reverse("sign-in")).content.decode()
    assert "Sign in with" in page and 'name="password"' not in page
    assert (
        client.post(reverse("sign-in"), {"username": author.username, "password": "a-long-test-password"}).status_code
        == 404
    )
    for name in ("password-reset", "password-reset-sent", "password-reset-done"):
        assert client.get(reverse(name)).status_code == 404, name
    GroupRole.objects.create(council=council, group="ASC-EIA-Approvers", role=Role.APPROVER)
    assert sign_on(client, "jo.bloggs")["Location"] == reverse("home")
    for name in ("password-change", "password-choose"):
        assert client.get(reverse(name)).status_code == 404, name


def test_a_council_admin_sets_no_temporary_password_when_password_sign_in_is_off(
    client, settings, council, council_admin, author
):
    settings.PASSWORD_SIGN_IN = False
    client.force_login(council_admin)
    url = reverse("councils:person-temporary-password", args=[council.slug, author.pk])
    assert client.post(url).status_code == 404
    assert (
        "Set a temporary password" not in client.get(reverse("councils:people", args=[council.slug])).content.decode()
    )


def test_it_is_off_until_the_environment_names_a_provider(client, db):
    assert "Sign in with" not in client.get(reverse("sign-in")).content.decode()
    assert client.get(reverse("sign-on")).status_code == 404
    assert client.get(reverse("sign-on-done")).status_code == 404


def test_it_is_off_while_the_provider_is_named_only_in_part(client, single_sign_on, settings):
    settings.OIDC_OP_ISSUER = ""
    assert "Sign in with" not in client.get(reverse("sign-in")).content.decode()
    assert client.get(reverse("sign-on")).status_code == 404


# Refusals: EqA's sign-in is driven as usual, and what the provider's token endpoint answers is changed on its way.


def refused(client, single_sign_on, settings, council, change, *, before=None):
    GroupRole.objects.create(council=council, group="ASC-EIA-Approvers", role=Role.APPROVER)
    with TokenEndpointBetween(single_sign_on, change) as between:
        settings.OIDC_OP_TOKEN_ENDPOINT = between.url
        if before:
            before(client, between)
        response = sign_on(client, "jo.bloggs")
    assert response["Location"] == reverse("sign-in") + "?sign-on=failed"
    assert SESSION_KEY not in client.session
    return response


def claims_of(id_token):
    return jwt.decode(id_token, options={"verify_signature": False})


def test_it_takes_a_token_signed_again_by_the_providers_own_key_unchanged(client, single_sign_on, settings, council):
    """What the refusals below change is all that is wrong with their tokens."""
    GroupRole.objects.create(council=council, group="ASC-EIA-Approvers", role=Role.APPROVER)

    def same(answer):
        return {**answer, "id_token": single_sign_on.sign(claims_of(answer["id_token"]))}

    with TokenEndpointBetween(single_sign_on, same) as between:
        settings.OIDC_OP_TOKEN_ENDPOINT = between.url
        assert sign_on(client, "jo.bloggs")["Location"] == reverse("home")


def test_it_refuses_a_token_with_a_bad_signature(client, single_sign_on, settings, council):
    def forged(answer):
        return {**answer, "id_token": single_sign_on.sign(claims_of(answer["id_token"]), key=new_key())}

    refused(client, single_sign_on, settings, council, forged)
    assert not get_user_model().objects.filter(sign_on_identity__isnull=False).exists()


def test_it_refuses_an_expired_token(client, single_sign_on, settings, council):
    def expired(answer):
        now = int(time.time())
        claims = {**claims_of(answer["id_token"]), "iat": now - 7200, "exp": now - 3600}
        return {**answer, "id_token": single_sign_on.sign(claims)}

    refused(client, single_sign_on, settings, council, expired)
    assert not get_user_model().objects.filter(sign_on_identity__isnull=False).exists()


def test_it_refuses_a_token_for_another_app(client, single_sign_on, settings, council):
    def for_another_app(answer):
        # The provider's own token for the same person and this sign-on's nonce, but issued to another app.
        nonce = claims_of(answer["id_token"])["nonce"]
        theirs = id_token_for_another_app(single_sign_on, "jo.bloggs", nonce=nonce)
        assert claims_of(theirs)["aud"] == OTHER_CLIENT_ID
        return {**answer, "id_token": theirs}

    refused(client, single_sign_on, settings, council, for_another_app)
    assert not get_user_model().objects.filter(sign_on_identity__isnull=False).exists()


def test_it_refuses_a_token_from_another_issuer(client, single_sign_on, settings, council):
    def elsewhere(answer):
        claims = {**claims_of(answer["id_token"]), "iss": "http://127.0.0.1:1/"}
        return {**answer, "id_token": single_sign_on.sign(claims)}

    refused(client, single_sign_on, settings, council, elsewhere)


def test_it_refuses_a_token_of_an_earlier_sign_on_replayed(client, single_sign_on, settings, council):
    earlier = {}

    def sign_on_earlier(client, between):
        sign_on(client, "jo.bloggs")
        client.post(reverse("sign-out"))
        earlier["id_token"] = between.answers[0]["id_token"]

    def replayed(answer):
        return {**answer, "id_token": earlier.get("id_token", answer["id_token"])}

    refused(client, single_sign_on, settings, council, replayed, before=sign_on_earlier)
    # The token replayed was the provider's own, for EqA and unexpired: only its nonce, the earlier sign-on's, was
    # wrong. Only the earlier sign-on made the account.
    assert get_user_model().objects.filter(sign_on_identity__isnull=False).count() == 1


def test_it_refuses_the_providers_answer_sent_back_a_second_time(client, single_sign_on, council):
    GroupRole.objects.create(council=council, group="ASC-EIA-Approvers", role=Role.APPROVER)
    start = client.get(reverse("sign-on"))
    back = sign_in_at_provider(start["Location"], "jo.bloggs", returns_to=HERE).removeprefix(HERE)
    assert client.get(back)["Location"] == reverse("home")
    client.post(reverse("sign-out"))
    assert client.get(back)["Location"] == reverse("sign-in") + "?sign-on=failed"
    assert SESSION_KEY not in client.session


def test_the_people_page_says_who_signs_in_with_their_council_account(client, single_sign_on, council, council_admin):
    GroupRole.objects.create(council=council, group="ASC-EIA-Approvers", role=Role.APPROVER)
    sign_on(client, "jo.bloggs")
    client.force_login(council_admin)
    page = client.get(reverse("councils:people", args=[council.slug])).content.decode()
    assert "Council account" in page
    assert "From the identity provider’s group ‘ASC-EIA-Approvers’, read again at each sign-in" in page
