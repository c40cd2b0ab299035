"""The form pages that were sent, so that a page sent twice stores its work once."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class FormSubmission(models.Model):
    """A form page that was sent (a case form, the melding form, the vrijstelling form), by
    the one-time token the page carried (`doorstroom.formtokens`): a second POST of the same
    page, a double click or a resend after 'back', finds it and stores nothing twice. Written in the transaction of the work itself,
    so a refused or failed step leaves the token free; two at once are settled by the unique
    constraint. Holds no person and no user; kept a day (`formtokens.TOKEN_KEPT`)."""

    token = models.CharField("token", max_length=32, unique=True)
    at = models.DateTimeField("verstuurd op", default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "verstuurd formulier"
        verbose_name_plural = "verstuurde formulieren"

    def __str__(self) -> str:
        return f"formulier verstuurd op {self.at:%d-%m-%Y %H:%M}"
