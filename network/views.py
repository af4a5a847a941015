import mimetypes
from base64 import b32encode

import segno
from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.http import FileResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_safe
from django_otp import login as otp_login
from django_otp import user_has_device
from wagtail.log_actions import log

from baobab.exceptions import NotFound

from . import audit, permissions, personal_data, selectors, services
from . import twofactor as twofactor_views
from .forms import ChoosePasswordForm, OneTimeCodeForm
from .jobs import job_for_user, job_kind_label, jobs_for_user
from .models import Invitation


def _invitation_refused(request, error):
    invitation = error.invitation
    audit.refusal_record(
        request=request,
        reason=f"invitation: {error.message}",
        model=Invitation,
        object_id=invitation.pk if invitation else "",
        city_id=invitation.city_id if invitation else None,
    )
    context = {"message": error.message}
    return render(request, "network/invitation_invalid.html", context, status=410)


@never_cache
@sensitive_post_parameters("password1", "password2")
def invitation_accept(request, token):
    """The invitee chooses a password; the account is created and they land on their workspace."""
    try:
        invitation = services.invitation_for_token(token)
    except services.InvitationInvalid as error:
        return _invitation_refused(request, error)

    form = ChoosePasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(token=token, password=form.cleaned_data["password1"])
        except services.InvitationInvalid as error:
            return render(
                request, "network/invitation_invalid.html", {"message": error}, status=410
            )
        except ValidationError as error:
            form.add_error("password1", error)
        else:
            login(request, user, backend="network.auth.AuthenticationBackend")
            return redirect(reverse("network_workspace"))
    return render(
        request, "network/invitation_accept.html", {"invitation": invitation, "form": form}
    )


def workspace(request):
    """A city team's workspace: its city, its team, and what each part of the programme expects
    of it next (apps add sections with the ``workspace_section`` Wagtail hook)."""
    context = selectors.workspace_context(user=request.user)
    return render(request, "network/workspace.html", context)


def _codes_refused(form):
    form.add_error("code", _("This code is not right, or was already used. Try again."))


@never_cache
def twofactor(request):
    """The user's two-step verification: set it up (QR code, first code), see it is on, turn
    it off. Recovery codes are shown once, right after they are made."""
    user = request.user
    enabled = user_has_device(user, confirmed=True)
    form = OneTimeCodeForm(request.POST or None)
    context = {"enabled": enabled, "form": form, "next": twofactor_views.safe_next(request, "")}
    if enabled:
        if request.method == "POST" and form.is_valid():
            action = request.POST.get("action")
            if twofactor_views.twofactor_match(user, form.cleaned_data["code"]) is None:
                _codes_refused(form)
            elif action == "off":
                twofactor_views.twofactor_disable(user=user)
                twofactor_views.twofactor_log(user, "baobab.twofactor_off")
                messages.success(request, _("Two-step verification is off."))
                return redirect("network_twofactor")
            elif action == "codes":
                context["codes"] = twofactor_views.recovery_codes_renew(user=user)
        return render(request, "network/twofactor.html", context)

    device = twofactor_views.totp_device_pending(user)
    if request.method == "POST" and form.is_valid():
        codes = twofactor_views.twofactor_confirm(
            user=user, device=device, token=form.cleaned_data["code"].strip()
        )
        if codes is None:
            _codes_refused(form)
        else:
            otp_login(request, device)
            twofactor_views.step_done(request)
            twofactor_views.twofactor_log(user, "baobab.twofactor_on")
            context.update(enabled=True, codes=codes, form=OneTimeCodeForm())
            return render(request, "network/twofactor.html", context)
    context.update(
        # White behind the code, so that it scans in the admin's dark theme too.
        qr_svg=mark_safe(
            segno.make(device.config_url, error="m").svg_inline(
                scale=4, border=4, light="#fff", title=_("QR code for your authenticator app")
            )
        ),
        secret=b32encode(device.bin_key).decode(),
        required=request.session.get(twofactor_views.PENDING) == twofactor_views.SETUP,
    )
    return render(request, "network/twofactor.html", context)


@never_cache
def twofactor_verify(request):
    """After the password, the code: from the authenticator app or a recovery code."""
    if request.session.get(twofactor_views.PENDING) != twofactor_views.VERIFY:
        return redirect(twofactor_views.safe_next(request, reverse("wagtailadmin_home")))
    form = OneTimeCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = twofactor_views.twofactor_match(request.user, form.cleaned_data["code"])
        if device is None:
            _codes_refused(form)
            audit.refusal_record(request=request, reason="wrong two-step verification code")
        else:
            otp_login(request, device)
            twofactor_views.step_done(request)
            return redirect(twofactor_views.safe_next(request, reverse("wagtailadmin_home")))
    context = {"form": form, "next": twofactor_views.safe_next(request, "")}
    return render(request, "network/twofactor_verify.html", context)


def _json_download(data, filename):
    response = JsonResponse(data, json_dumps_params={"indent": 2, "ensure_ascii": False})
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@never_cache
def personal_data_mine(request):
    """What Baobab holds about the signed-in person, as a JSON download."""
    person = permissions.user_person(request.user)
    if person is None:
        user = request.user
        data = {"account": {"username": user.get_username(), "email": user.email}}
    else:
        data = personal_data.person_data(person)
        log(person, "baobab.data_export", user=request.user)
    return _json_download(data, "baobab-my-data.json")


@never_cache
def personal_data_export(request, pk):
    person = permissions.get_person_for_secretariat(request.user, pk)
    log(person, "baobab.data_export", user=request.user)
    return _json_download(personal_data.person_data(person), f"baobab-person-{person.pk}.json")


@never_cache
def person_erase(request, pk):
    """The secretariat erases a person: asked on GET, done on POST only."""
    person = permissions.get_person_for_secretariat(request.user, pk)
    if request.method == "POST":
        name = person.name
        personal_data.person_erase(person=person, actor=request.user)
        messages.success(request, _("%(name)s's personal data was erased.") % {"name": name})
        return redirect("wagtailsnippets_network_person:list")
    return render(request, "network/person_erase.html", {"person": person})


@never_cache
@require_safe
def jobs_mine(request):
    """The signed-in user's recent tasks: what they asked for, how far it is, its file."""
    jobs = list(jobs_for_user(user=request.user))
    for job in jobs:
        job.label = job_kind_label(job.kind)
    return render(request, "network/jobs.html", {"jobs": jobs})


@never_cache
@require_safe
def job_detail(request, pk):
    job = job_for_user(user=request.user, pk=pk)
    job.label = job_kind_label(job.kind)
    return render(request, "network/job.html", {"job": job})


@never_cache
@require_safe
def job_file(request, pk):
    job = job_for_user(user=request.user, pk=pk)
    if job.status != job.Status.DONE or not job.file:
        raise NotFound(_("This task has no file."))
    content_type = mimetypes.guess_type(job.file_name)[0] or "application/octet-stream"
    return FileResponse(
        job.file.open("rb"), as_attachment=True, filename=job.file_name, content_type=content_type
    )
