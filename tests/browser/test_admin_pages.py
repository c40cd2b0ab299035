"""The functioneel beheerder's pages (/beheer/, Django's admin) in the browser: Doorstroom's
name on them and no axe-core violation on the lists and forms a beheerder uses."""

import pytest

from doorstroom.accounts.roles import Role
from tests.browser.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = (
    "/beheer/",
    "/beheer/accounts/user/",
    "/beheer/accounts/user/add/",
    "/beheer/api/userapikey/",
    "/beheer/cases/leavingreason/",
    "/beheer/cases/leavingreason/add/",
    "/beheer/partners/organisation/",
    "/beheer/partners/organisation/add/",
    "/beheer/programme/measure/",
    "/beheer/programme/measure/add/",
    "/beheer/regions/municipality/",
    "/beheer/regions/school/",
    "/beheer/retention/retentionpolicy/",
    "/beheer/retention/retentionpolicy/add/",
)


def test_every_page_of_the_beheerder_is_doorstroom_s_and_accessible(
    page, assert_accessible, make_user, deventer
):
    log_in(page, make_user(Role.ADMIN, is_staff=True))
    for path in PAGES:
        response = page.goto(path)
        assert response.status == 200, path
        assert page.title().endswith("| Doorstroom beheer"), path
        try:
            assert_accessible(page)
        except AssertionError as error:
            raise AssertionError(f"{path}: {error}") from None
