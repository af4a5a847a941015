from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from . import audit, selectors, services
from .forms import ChoosePasswordForm
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
    of it next (apps add sections with ``network.workspace.register``)."""
    context = selectors.workspace_context(user=request.user)
    return render(request, "network/workspace.html", context)
