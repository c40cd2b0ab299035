"""How the application names a colleague."""

from doorstroom.accounts.models import User


def test_a_colleague_is_named_by_their_full_name():
    assert User(username="jdevries", first_name="Jan", last_name="de Vries").display_name == (
        "Jan de Vries"
    )


def test_a_colleague_without_a_name_is_named_by_their_username():
    assert User(username="jdevries").display_name == "jdevries"
