from django.urls import reverse


def test_it_signs_a_person_in_and_takes_them_where_they_were_going(client, author):
    response = client.post(
        reverse("sign-in"),
        {"username": "alice-author", "password": "a-long-test-password", "next": reverse("assessments:list")},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("assessments:list")


def test_it_says_what_to_do_about_a_wrong_password_and_keeps_the_username(client, author):
    response = client.post(reverse("sign-in"), {"username": "alice-author", "password": "wrong"})
    assert response.context["errors"] == [
        ("The username or password is not right. Check them and try again.", "id_username")
    ]
    assert 'value="alice-author"' in response.content.decode()


def test_it_asks_for_both_fields(client, db):
    response = client.post(reverse("sign-in"), {"username": "", "password": ""})
    assert [message for message, _ in response.context["errors"]] == ["Enter your username", "Enter your password"]


def test_it_signs_out_only_on_post(client, author):
    client.force_login(author)
    assert client.get(reverse("sign-out")).status_code == 405
    client.post(reverse("sign-out"))
    assert client.get(reverse("home"))["Location"].startswith(reverse("sign-in"))


def test_it_says_the_person_is_signed_out_once(client, author):
    client.force_login(author)
    page = client.post(reverse("sign-out"), follow=True).content.decode()
    assert "You are signed out." in page
    assert "You are signed out." not in client.get(reverse("sign-in")).content.decode()


def test_it_shows_the_persons_council_and_sign_out_in_the_header(client, author, council):
    client.force_login(author)
    page = client.get(reverse("home")).content.decode()
    assert council.name in page
    assert "Sign out" in page


def test_healthz_answers_without_sign_in_when_the_database_answers(client, db):
    response = client.get(reverse("healthz"))
    assert (response.status_code, response.content) == (200, b"ok\n")


def test_it_asks_for_a_shorter_username_rather_than_trying_one_no_account_can_have(client, db):
    response = client.post(reverse("sign-in"), {"username": "x" * 256, "password": "wrong"})
    assert response.status_code == 200
    assert response.context["errors"] == [("Enter a username of 150 characters or fewer", "id_username")]


def test_healthz_answers_a_load_balancers_head(client, db):
    assert client.head(reverse("healthz")).status_code == 200
