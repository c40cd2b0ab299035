"""The admin (/beheer/) of the functioneel beheerder: users, roles, reference data and
retention of the regions they manage; a superuser manages every region.

Every admin here scopes its records with `access.managed_records` and offers only the managed
regions (`access.managed_regions`): a record of another region, or for every region (region
empty), is not listed and its page answers with the admin's index, as if it did not exist.
Every add, change and delete is an audit row (`AuditedAdmin`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.templatetags import admin_list
from django.contrib.admin.utils import display_for_value, unquote
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, SetUnusablePasswordMixin
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.text import format_lazy
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from doorstroom.accounts import access
from doorstroom.accounts.audit import record
from doorstroom.accounts.models import AuditAction, AuditEvent, User
from doorstroom.accounts.roles import Role
from doorstroom.accounts.two_factor import reset_devices
from doorstroom.partners.models import Organisation
from doorstroom.regions.models import Municipality, Region


def _shown(value: Any) -> str:
    if isinstance(value, (QuerySet, list, tuple, set)):
        return ", ".join(sorted(str(item) for item in value)) or "geen"
    if isinstance(value, bool):
        return "ja" if value else "nee"
    return "leeg" if value in (None, "") else str(value)


def _label(form: forms.BaseForm, name: str, labels: Mapping[str, str]) -> str:
    """A field's Dutch name: the admin's own (`labels`, for a library's model named in
    English), else the model's, else the form's (a password field)."""
    if name in labels:
        return labels[name]
    try:
        return str(form._meta.model._meta.get_field(name).verbose_name)
    except (AttributeError, FieldDoesNotExist):
        return str(form.fields[name].label or name)


def titled(base: type[admin.FieldListFilter], title: str) -> type[admin.FieldListFilter]:
    """A list filter under a Dutch title: a library's field (its verbose_name) has none."""

    class Titled(base):  # type: ignore[valid-type, misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.title = title

    return Titled


def changed_fields(
    form: forms.BaseForm, *, every: bool = False, labels: Mapping[str, str] | None = None
) -> str:
    """What a form changed (`every`: all it holds, for a new record), by the fields' Dutch
    names: with the new value for a choice, a number, a date or a yes/no (the roles given, a
    period, a region), never for free text, which is only named (it may be a password, or
    anything)."""
    parts = []
    for name in form.fields if every else form.changed_data:
        field = form.fields[name]
        label = _label(form, name, labels or {})
        if isinstance(field, forms.CharField):
            parts.append(label)
        else:
            parts.append(f"{label}: {_shown(form.cleaned_data.get(name))}")
    return "; ".join(parts)


class AuditedAdmin(admin.ModelAdmin):
    """Every add, change and delete in the admin is one audit row with the object and what
    changed (who was given which role, a region's period): managing access and retention is
    accounted for like reading a person. Reference data and staff only, never a young person.
    `audit_labels` names fields whose model names them in English (a library's model)."""

    audit_labels: Mapping[str, str] = {}

    def audit_name(self, obj: Model) -> str:
        """The object as the audit row names it: 'gemeente Deventer (GM0150)'."""
        return f"{obj._meta.verbose_name} {obj}"

    def save_related(
        self, request: HttpRequest, form: forms.ModelForm, formsets: Iterable, change: bool
    ) -> None:
        # After save_model and the many-to-many fields (groups), in the admin's transaction.
        super().save_related(request, form, formsets, change)
        what = changed_fields(form, every=not change, labels=self.audit_labels)
        what = what or "niets gewijzigd"
        done = "gewijzigd" if change else "aangemaakt"
        record(
            request,
            AuditAction.CHANGE if change else AuditAction.CREATE,
            reason=f"{self.audit_name(form.instance)} {done}: {what}",
        )

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        name = self.audit_name(obj)
        super().delete_model(request, obj)
        record(request, AuditAction.DELETE, reason=f"{name} verwijderd")

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        names = [self.audit_name(obj) for obj in queryset]
        super().delete_queryset(request, queryset)
        for name in names:
            record(request, AuditAction.DELETE, reason=f"{name} verwijderd")


class RegionScopedAdmin(AuditedAdmin):
    """Reference data of a region (its municipalities, schools, partners, measures, reasons,
    retention periods): a functioneel beheerder sees, and chooses, only the regions they
    manage; a record for every region (region empty) is for a superuser only.
    `region_path` is the path from a record to its region."""

    region_path = "region"

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return access.managed_records(request.user, super().get_queryset(request), self.region_path)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.related_model is Region:
            kwargs["queryset"] = access.managed_regions(request.user)
            if not access.manages_every_region(request.user):
                kwargs["required"] = True
        elif db_field.related_model is Municipality:
            kwargs["queryset"] = access.managed_records(
                request.user, Municipality.objects.all(), "region"
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class PasswordChangeForm(AdminPasswordChangeForm):
    """Django's own, with the warning it leaves unmarked for translation in Dutch."""

    usable_password_help_text = format_lazy(
        "{}{}",
        SetUnusablePasswordMixin.usable_password_help_text,
        '<ul id="id_unusable_warning" class="messagelist"><li class="warning">'
        "Als u dit uitschakelt, gaat het huidige wachtwoord van deze gebruiker verloren.</li></ul>",
    )


def role_label(name: str) -> str:
    """A group is a role (accounts/roles.py), named by its code: shown by the role's Dutch
    name ("doorstroomcoördinator", "functioneel beheerder"), not the code."""
    return Role(name).label if name in Role.values else name


class RoleListFilter(admin.RelatedFieldListFilter):
    """The user list's filter on groups, by the roles' Dutch names."""

    def field_choices(self, field: Any, request: HttpRequest, model_admin: Any) -> list:
        # Django's choices are (pk, str(group)), and a group's str is its name (the role's code).
        choices = super().field_choices(field, request, model_admin)
        return sorted(
            ((pk, role_label(str(label))) for pk, label in choices), key=lambda choice: choice[1]
        )


@admin.register(User)
class DoorstroomUserAdmin(AuditedAdmin, UserAdmin):
    """A functioneel beheerder manages the users of the regions they manage, never rights
    beyond the roles (no superuser, no loose permissions) and never their own groups. A new
    user gets a region at once: without one the beheerder would not find it again."""

    fieldsets = (
        *UserAdmin.fieldsets,
        ("Regio", {"fields": ("region", "extra_regions", "organisation")}),
    )
    list_display = ("username", "first_name", "last_name", "region", "is_active")
    list_filter = (
        ("region", admin.RelatedOnlyFieldListFilter),
        ("groups", RoleListFilter),
        "is_active",
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "region", "usable_password", "password1", "password2"),
            },
        ),
    )
    actions = ("reset_authenticator",)
    change_password_form = PasswordChangeForm

    @admin.action(
        description="Authenticator-app loskoppelen (kwijt of vervangen): opnieuw koppelen bij "
        "de volgende keer inloggen",
        permissions=("change",),
    )
    def reset_authenticator(self, request: HttpRequest, users: QuerySet[User]) -> None:
        done, refused = [], []
        for user in users.order_by("username"):
            (done if reset_devices(request, user) else refused).append(user.get_username())
        if done:
            self.message_user(
                request,
                f"Authenticator-app losgekoppeld voor {', '.join(done)}: bij de volgende keer "
                "inloggen koppelt de gebruiker een nieuwe app. Doe dit alleen als u zeker weet "
                "dat de gebruiker zelf als eerste inlogt.",
                messages.SUCCESS,
            )
        if refused:
            self.message_user(
                request,
                f"Niet losgekoppeld voor {', '.join(refused)}: dat mag alleen een beheerder "
                "van de regio van de gebruiker, en bij een supergebruiker alleen een supergebruiker.",
                messages.ERROR,
            )

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        return access.managed_records(request.user, super().get_queryset(request))

    def get_readonly_fields(self, request: HttpRequest, obj: User | None = None) -> tuple[str, ...]:
        recorded = ("last_login", "date_joined")  # facts the system keeps, for nobody to edit
        if access.manages_every_region(request.user):
            return recorded
        fixed = ("is_superuser", "user_permissions", "is_staff", *recorded)
        own = (*fixed, "groups", "region", "extra_regions", "organisation")
        return own if obj == request.user else fixed

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "region":
            kwargs["queryset"] = access.managed_regions(request.user)
            kwargs["required"] = not access.manages_every_region(request.user)
        if db_field.name == "organisation":
            kwargs["queryset"] = access.managed_records(request.user, Organisation.objects.all())
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "extra_regions":
            kwargs["queryset"] = access.managed_regions(request.user)
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name == "groups" and field is not None:
            field.label_from_instance = lambda group: role_label(group.name)
        return field

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        response = super().user_change_password(request, id, form_url)
        # Set: the admin sends the beheerder on to the user's page (else back to the form).
        done = response.status_code == 302 and response.url != request.get_full_path()
        if request.method == "POST" and done:
            user = self.get_object(request, unquote(id))
            record(request, AuditAction.CHANGE, reason=f"wachtwoord van gebruiker {user} gezet")
        return response


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: nobody adds, changes or deletes audit rows, not even a superuser."""

    list_display = ("at", "username", "action", "person_id", "route", "reason")
    list_filter = ("action",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False


BOOLEAN_ALT = {True: "Ja", False: "Nee", None: "Onbekend"}


def boolean_icon(value: bool | None) -> SafeString:
    """Django's yes/no/unknown icon with a Dutch text alternative: Django's own writes
    alt="True", which a screen reader reads out in English (WCAG 1.1.1 and 3.1.2)."""
    icon = {True: "yes", False: "no", None: "unknown"}[value]
    return format_html(
        '<img src="{}" alt="{}">', static(f"admin/img/icon-{icon}.svg"), BOOLEAN_ALT[value]
    )


# Django 5.2 has no setting for it; it looks the icon up in admin_list at every use (in a
# list, a read-only field, `display_for_value`), so this one is used wherever it shows.
admin_list._boolean_icon = boolean_icon


# The libraries' pages (a superuser's: the beheerder has no rights on them) in Dutch, where
# their strings are not marked for translation; what is marked is in locale/nl (django.po).
admin.site.unregister(TOTPDevice)
admin.site.unregister(AccessAttempt)


@admin.register(TOTPDevice)
class AuthenticatorAppAdmin(AuditedAdmin, TOTPDeviceAdmin):
    """django-otp's page of a user's authenticator apps (TOTP devices), its English labels,
    headers and help texts in Dutch. A user links and resets an app through
    accounts/two_factor.py, which audits it; this page is for repairs, audited as every other
    admin page (the secret key only named, as every text is)."""

    LABELS = {
        "user": "Gebruiker",
        "name": "Naam",
        "confirmed": "Gekoppeld",
        "key": "Geheime sleutel",
        "step": "Tijdstap",
        "t0": "Begintijd (t0)",
        "digits": "Aantal cijfers",
        "tolerance": "Speling",
        "drift": "Klokafwijking",
        "throttling_failure_count": "Verkeerde codes op rij",
    }
    HELP_TEXTS = {
        "user": "De gebruiker van wie de app is.",
        "name": "De naam van de app, voor mensen.",
        "confirmed": "Of de app gekoppeld is: de gebruiker heeft er een goede code mee gegeven.",
        "key": "De geheime sleutel, hexadecimaal, hoogstens 40 bytes.",
        "step": "Hoeveel seconden één code geldt.",
        "t0": "De Unix-tijd waarop het tellen van tijdstappen begint.",
        "digits": "Het aantal cijfers van een code.",
        "tolerance": "Hoeveel tijdstappen een code te vroeg of te laat mag zijn.",
        "drift": "Hoeveel tijdstappen de klok van de app afwijkt van die van de server.",
        "throttling_failure_count": "Het aantal verkeerde codes na elkaar.",
    }
    audit_labels = {name: label.lower() for name, label in LABELS.items()}

    def audit_name(self, obj: Model) -> str:
        return f"authenticator-app van {obj.user} ({obj.name})"

    list_display = ["owner", "app_name", "made", "last_used", "linked"]
    list_filter = [
        ("created_at", titled(admin.DateFieldListFilter, "aangemaakt")),
        ("last_used_at", titled(admin.DateFieldListFilter, "laatst gebruikt")),
        ("confirmed", titled(admin.BooleanFieldListFilter, "gekoppeld")),
    ]
    search_help_text = "Zoek op de gebruikersnaam of het e-mailadres van de gebruiker"
    readonly_fields = ["made", "last_used", "last_wrong_code"]

    @admin.display(description="gebruiker", ordering="user__username")
    def owner(self, device: TOTPDevice) -> Any:
        return device.user

    @admin.display(description="naam", ordering="name")
    def app_name(self, device: TOTPDevice) -> str:
        return device.name

    # Dates as the admin shows a date field's, also where these are read-only fields.
    @admin.display(description="aangemaakt", ordering="created_at")
    def made(self, device: TOTPDevice) -> str:
        return display_for_value(device.created_at, self.get_empty_value_display())

    @admin.display(description="laatst gebruikt", ordering="last_used_at")
    def last_used(self, device: TOTPDevice) -> str:
        return display_for_value(device.last_used_at, self.get_empty_value_display())

    @admin.display(description="laatste verkeerde code")
    def last_wrong_code(self, device: TOTPDevice) -> str:
        # Read only, as the other times: what the server saw. A repair sets the count to 0.
        return display_for_value(
            device.throttling_failure_timestamp, self.get_empty_value_display()
        )

    @admin.display(description="gekoppeld", boolean=True, ordering="confirmed")
    def linked(self, device: TOTPDevice) -> bool:
        return device.confirmed

    def get_list_display(self, request: HttpRequest) -> Any:
        # Not the library's QR-code column: the secret is not shown (OTP_ADMIN_HIDE_SENSITIVE_DATA).
        return self.list_display

    def get_fieldsets(self, request: HttpRequest, obj: TOTPDevice | None = None) -> Any:
        settings_fields = ["step", "t0", "digits", "tolerance"]
        if obj is None:
            settings_fields.insert(0, "key")  # a new app's secret, as the library offers it
        return [
            ("App", {"fields": ["user", "name", "confirmed"]}),
            ("Tijdstippen", {"fields": ["made", "last_used"]}),
            ("Instellingen", {"fields": settings_fields}),
            ("Klok", {"fields": ["drift"]}),
            (
                "Vertraging na verkeerde codes",
                {"fields": ["last_wrong_code", "throttling_failure_count"]},
            ),
        ]

    def get_form(
        self, request: HttpRequest, obj: TOTPDevice | None = None, **kwargs: Any
    ) -> type[forms.ModelForm]:
        kwargs.setdefault("labels", self.LABELS)
        kwargs.setdefault("help_texts", self.HELP_TEXTS)
        return super().get_form(request, obj, **kwargs)


@admin.register(AccessAttempt)
class LockOutCountAdmin(AccessAttemptAdmin):
    """django-axes' counts of failed log-ins, with its action's message in Dutch (an f-string
    inside its gettext call, which no catalog can match)."""

    @admin.action(description="Verlopen tellingen opruimen")
    def cleanup_expired_attempts(self, request: HttpRequest, queryset: QuerySet) -> None:
        # axes reads the moment of a log-in attempt from the request, which only a log-in
        # has: its own action fails without it (8.3.1). None: the cool-off counts from now.
        request.axes_attempt_time = None
        count = self.handler.clean_expired_user_attempts(request=request)
        self.message_user(request, f"{count} verlopen tellingen opgeruimd.")
