"""Idle timeout: a region's own number of minutes, never longer than the installation allows."""

import time

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from doorstroom.accounts.factories import UserFactory, log_in_verified
from doorstroom.accounts.middleware import LAST_ACTIVITY, idle_minutes
from doorstroom.accounts.models import AuditAction, AuditEvent
from doorstroom.accounts.roles import Role

pytestmark = pytest.mark.django_db

SEARCH = reverse("people:search")


def idle_for(client, minutes: float) -> None:
    """Move the session's last activity back in time instead of waiting."""
    session = client.session
    session[LAST_ACTIVITY] = int(time.time() - minutes * 60)
    session.save()


def test_a_region_defaults_to_30_minutes(region):
    assert region.session_idle_minutes == 30


def test_within_the_regions_minutes_the_session_stays(coach_client):
    coach_client.get(SEARCH)
    idle_for(coach_client, 29)
    assert coach_client.get(SEARCH).status_code == 200


def test_after_the_regions_minutes_the_user_is_logged_out_with_a_dutch_message(coach_client, coach):
    coach_client.get(SEARCH)
    idle_for(coach_client, 31)
    response = coach_client.get(SEARCH)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in coach_client.session
    page = coach_client.get(response["Location"]).content.decode()
    assert "U bent uitgelogd omdat u 30 minuten niets hebt gedaan." in page
    assert AuditEvent.objects.filter(user=coach, action=AuditAction.SESSION_EXPIRED).exists()


def test_a_region_may_choose_a_shorter_time(coach_client, region):
    region.session_idle_minutes = 10
    region.save()
    coach_client.get(SEARCH)
    idle_for(coach_client, 11)
    assert coach_client.get(SEARCH).status_code == 302


def test_the_installation_setting_is_the_ceiling(settings, make_user, region):
    region.session_idle_minutes = 240
    region.save()
    settings.SESSION_IDLE_MINUTES = 60
    assert idle_minutes(make_user(Role.COACH)) == 60
    settings.SESSION_IDLE_MINUTES = 480
    assert idle_minutes(make_user(Role.COACH)) == 240


def test_a_user_without_a_region_gets_the_installation_setting(settings, client):
    settings.SESSION_IDLE_MINUTES = 45
    user = UserFactory(region=None)
    assert idle_minutes(user) == 45
    log_in_verified(client, user)
    client.get(reverse("home"))
    idle_for(client, 46)
    assert client.get(reverse("home")).status_code == 302


def test_the_region_setting_is_validated_from_5_to_480(region):
    for minutes in (4, 481):
        region.session_idle_minutes = minutes
        with pytest.raises(ValidationError):
            region.full_clean()


def test_pages_within_a_minute_do_not_write_the_session_again(coach_client):
    coach_client.get(SEARCH)
    stamped = coach_client.session[LAST_ACTIVITY]
    from django.contrib.sessions.models import Session

    key = coach_client.session.session_key
    saved = Session.objects.get(session_key=key).expire_date
    coach_client.get(SEARCH)
    assert coach_client.session[LAST_ACTIVITY] == stamped
    assert Session.objects.get(session_key=key).expire_date == saved
    idle_for(coach_client, 2)  # two minutes later the activity is written again
    coach_client.get(SEARCH)
    assert coach_client.session[LAST_ACTIVITY] > stamped - 120
    assert Session.objects.get(session_key=key).expire_date > saved
