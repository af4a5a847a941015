"""What happens when a review workflow is approved."""

from wagtail.workflows import publish_workflow_state


def publish_when_reviewed(workflow_state, user=None):
    """An item the experts approved is published, although experts hold no publish right:
    their approval is the network's permission to publish. Other workflows keep Wagtail's rule
    (the last approver must be allowed to publish)."""
    from .services import WORKFLOW_NAME

    if workflow_state.workflow.name == WORKFLOW_NAME:
        revision = workflow_state.content_object.get_latest_revision()
        return revision.publish(user=user, skip_permission_checks=True)
    return publish_workflow_state(workflow_state, user=user)


def land_after_review(request, page):
    """Where a reviewer lands once they approved or sent back a knowledge item from its editor.

    Wagtail sends them to the library's page explorer, which experts may not open: they would
    land on "you do not have permission". They go back to their review queue instead, told
    what became of the item (with a link to it when it is published)."""
    from django.contrib.messages import get_messages
    from django.shortcuts import redirect
    from django.utils.translation import gettext as _
    from wagtail.admin import messages
    from wagtail.admin.utils import get_valid_next_url_from_request
    from wagtail.permission_policies.pages import PagePermissionPolicy

    from .models import KnowledgeItemPage

    if request.method != "POST" or not request.POST.get("action-workflow-action"):
        return None
    if not isinstance(page.specific_deferred, KnowledgeItemPage):
        return None
    if get_valid_next_url_from_request(request):
        return None
    parent = page.get_parent()
    if PagePermissionPolicy().explorable_instances(request.user).filter(pk=parent.pk).exists():
        return None
    # Wagtail's own message ("Page ... has been updated") says nothing of the review's outcome.
    list(get_messages(request))
    page = page.specific_class.objects.get(pk=page.pk)
    if page.live and not page.has_unpublished_changes:
        messages.success(
            request,
            _("“%(title)s” is approved and published.") % {"title": page.title},
            buttons=[messages.button(page.get_url(request), _("View it in the library"))],
        )
    else:
        messages.success(
            request, _("Your review of “%(title)s” is recorded.") % {"title": page.title}
        )
    return redirect("wagtailadmin_home")
