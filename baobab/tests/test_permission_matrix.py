"""Every URL of the site, times every role, times every method: who gets what.

The URLs come from the URL configuration itself, so a URL added later is covered without
touching this file: a URL of Baobab's own apps that takes an argument must be given a way to
fill it below (``OBJECTS``), or this test fails and says so. Wagtail's own URLs are filled with
real records where the demo has them (another city's page, a user, a group, the site, a locale)
and with ids that do not exist elsewhere.

Each URL is sent a GET and an empty POST by every persona (anonymous, secretariat, the Bamako
and Lagos city teams, an expert), and each of PUT, PATCH, DELETE, HEAD and OPTIONS by one of
them, the personas taking turns from one URL to the next; every request runs in a savepoint
rolled back after it. Outcomes: ``ok`` (the page, a form re-displayed with its errors, or a
redirect within the area), ``invalid`` (400), ``login`` (sent to log in, or 401 from the API
without a token), ``denied`` (403, or Wagtail's redirect to the dashboard with "no
permission"), ``missing`` (404: another city's record is answered as if it did not exist, its
history and usage included), ``method`` (405), ``gone`` (410). Every cell has exactly one
expected outcome, derived from the lists and rules below: for Baobab's own URLs, the rights
each app grants and scopes to a city (``CityScopedPermissionPolicy``); for Wagtail's own admin
(pages, images, documents, reports, users, groups, sites, locales, workflows, translations,
the admin API, the choosers), the rights Wagtail's groups hold and the page rules the apps
declare (``register_page_rule``); for other methods, the methods each URL takes
(``baobab.middleware.MethodMiddleware``: outside the API, GET, HEAD and POST, and the few
Wagtail's admin scripts use). An error, whoever asks, is a failure.

The page actions (``test_every_page_action_for_every_role``) are strict: one outcome per page,
action, method and role, derived from the page rules each app declares and the rights Wagtail's
groups hold; each request there runs in a savepoint rolled back after it, so a POST that is
allowed leaves nothing behind for the next cell.
"""

import re
from fnmatch import fnmatch
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone, translation
from wagtail.models import Locale, Site
from wagtail.permissions import policy_registry
from wagtail.snippets.models import get_snippet_models

from impact.models import OfflinePack, ReuseRecord
from network.jobs import job_finish, job_start
from network.models import AuditLogEntry, City, Invitation, Membership, Person
from network.permissions import CityScopedPermissionPolicy
from website.models import CityPage

PERSONAS = ("anonymous", "secretariat", "bamako", "lagos", "expert")
CITY_TEAMS = {"bamako": "bamako", "lagos": "lagos"}

# Built-in endpoints that cannot be fetched meaningfully with a plain GET.
SKIPPED = {"wagtailadmin_error_test"}

# Pages that redirect a signed-in user to the dashboard by design.
DASHBOARD_REDIRECTS = [
    "wagtailadmin_login",
    # Asks for the second step only when the sign-in owes one; otherwise back to the dashboard.
    "network_twofactor_verify",
]

# Records nobody edits by hand: invitations are sent then accepted or left to expire, and the
# audit trail is written by the application alone.
NOBODY = [
    "wagtailsnippets_network_invitation:edit",
    "wagtailsnippets_network_invitation:usage",
    "audit_trail:add",
    "audit_trail:edit",
    "audit_trail:delete",
    "audit_trail:copy",
    "audit_trail:history*",
    "audit_trail:usage",
]

ANONYMOUS_ADMIN_OK = [
    "wagtailadmin_login",
    "wagtailadmin_password_reset*",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",
]

# Baobab's areas only the secretariat reaches, whatever the city team or expert tries (Wagtail's
# own: ``WAGTAIL_EVERYONE`` and ``WAGTAIL_PAGE_EDITORS`` below).
SECRETARIAT_ONLY = [
    "audit_trail:*",
    "wagtailsnippets_network_invitation:*",
    "wagtailsnippets_network_network:add",
    "wagtailsnippets_network_network:edit",
    "wagtailsnippets_network_network:delete",
    "wagtailsnippets_network_network:copy",
    "wagtailsnippets_network_theme:[!lic]*",
    "wagtailsnippets_network_membership:add",
    "wagtailsnippets_network_membership:edit",
    "wagtailsnippets_network_membership:delete",
    "wagtailsnippets_network_membership:copy",
    "wagtailsnippets_network_city:add",
    "wagtailsnippets_network_city:delete",
    "wagtailsnippets_network_city:copy",
    "wagtailsnippets_network_person:delete",
    "wagtailsnippets_onboarding_onboardingstep:[!lic]*",
    "wagtailsnippets_onboarding_citystep:add",
    "wagtailsnippets_onboarding_citystep:copy",
    "wagtailsnippets_onboarding_citystep:delete",
    "wagtailsnippets_programme_phase:[!lic]*",
    "wagtailsnippets_programme_deliverable:[!lic]*",
    "wagtailsnippets_programme_citydeliverable:add",
    "wagtailsnippets_programme_citydeliverable:copy",
    "wagtailsnippets_programme_citydeliverable:delete",
    "programme_overview",
    "wagtailsnippets_learning_*:add",
    "wagtailsnippets_learning_*:edit",
    "wagtailsnippets_learning_*:delete",
    "wagtailsnippets_learning_*:copy",
    "learning_ranking",
    "learning_reflections",
    "learning_attendance",
    "learning_pairings",
    "wagtailsnippets_experiments_pilot:delete",
    "wagtailsnippets_experiments_exchangerate:[!lic]*",
    "wagtailsnippets_roadmap_layer:[!lic]*",
    "wagtailsnippets_roadmap_roadmap:delete",
    "network_personal_data_export",
    "network_person_erase",
    "wagtailsnippets_knowledge_captureplanentry:*",
    "knowledge_translations",
    "knowledge_calendar",
    "knowledge_coverage",
    "knowledge_strategy*",
    "wagtailsnippets_impact_datalicence:*",
]

# What every signed-in role reaches: the network's internal records are shared for reading.
SHARED_READING = [
    "network_workspace",
    # One's own tasks (``OWNER_ONLY``: one task, its file).
    "network_jobs",
    "network_twofactor",
    "network_personal_data_mine",
    "wagtailsnippets_network_*:list",
    "wagtailsnippets_network_*:list_results",
    "wagtailsnippets_network_*:inspect",
    "wagtailsnippets_onboarding_*:list*",
    "wagtailsnippets_onboarding_citystep:inspect",
    "wagtailsnippets_programme_*:list*",
    "wagtailsnippets_programme_citydeliverable:inspect",
    "wagtailsnippets_learning_*:list*",
    "wagtailsnippets_learning_reflection:inspect",
    "learning_overview",
    "learning_maturity",
    "wagtailsnippets_experiments_*:list*",
    "wagtailsnippets_experiments_pilot:inspect",
    "wagtailsnippets_roadmap_*:list*",
    "wagtailsnippets_roadmap_roadmap:inspect",
    "wagtailsnippets_impact_*:list*",
    "wagtailsnippets_impact_reuserecord:inspect",
    "wagtailsnippetchoosers_*:choose",
    "wagtailsnippetchoosers_*:choose_results",
    "wagtailsnippetchoosers_*:chosen*",
]

# Writes a city team makes to its own city's records (another city's: 404). Adding, or copying
# a record into a new one, always files it under the team's own city.
CITY_TEAM_WRITES = [
    "wagtailsnippets_network_city:edit",
    "wagtailsnippets_network_person:edit",
    "wagtailsnippets_network_person:add",
    "wagtailsnippets_network_person:copy",
    "wagtailsnippets_onboarding_citystep:edit",
    "wagtailsnippets_programme_citydeliverable:edit",
    "learning_needs",
    "learning_reflect",
    "learning_maturity_edit",
    "learning_register",
    "wagtailsnippets_experiments_pilot:edit",
    "wagtailsnippets_experiments_pilot:add",
    "wagtailsnippets_experiments_pilot:copy",
    "experiments_pilot_record",
    "wagtailsnippets_roadmap_roadmap:add",
    "wagtailsnippets_roadmap_roadmap:edit",
    "wagtailsnippets_roadmap_roadmap:revisions_*",
    "roadmap_adopt",
    "wagtailsnippets_impact_reuserecord:add",
    "wagtailsnippets_impact_reuserecord:edit",
    "wagtailsnippets_impact_reuserecord:copy",
    "wagtailsnippets_impact_reuserecord:delete",
]


# What every team member of a city and the secretariat reach, but not the experts.
CITY_TEAMS_READ = [
    "knowledge_inbox",
    "knowledge_write",
    "knowledge_capture",
]

# A task and its file: its owner's alone; to anyone else, the secretariat included, it does not
# exist (404).
OWNER_ONLY = ["network_job", "network_job_file"]

# Snippet actions that need the same right as another: copying or creating from a chooser is
# adding; the usage and the history of a record follow the right to change it (another city's
# record: 404 to a city team, as its edit view).
SAME_RIGHT_AS = {"copy": "add", "create": "add", "usage": "edit", "history": "edit"}
SAME_RIGHT_AS["history_results"] = "edit"

# Views that read and only answer GET: a POST is refused as a method once the right is checked.
READ_ONLY = [
    "*:list",
    "*:list_results",
    "*:index",
    "*:index_results",
    "*:inspect",
    "*:usage",
    "*:history",
    "*:history_results",
    "*:revisions_compare",
    "wagtailsnippetchoosers_*:choose*",
    "wagtailsnippetchoosers_*:chosen*",
]
# Views declared GET-only (``require_GET``, or feeds and files): the method is checked first.
GET_ONLY = [
    "knowledge_write",
    "network_job*",
    "healthz",
    "data_catalogue",
    "learning_*feed",
    "learning_*ics",
    "wagtailadmin_home",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_password_reset_done",
    "wagtailadmin_password_reset_complete",
]
# Signing out: a POST that ends the session and sends to the sign-in page.
SIGN_OUT = ["wagtailadmin_logout"]
# Views declared POST-only (``require_POST``).
POST_ONLY = ["knowledge_capture", *SIGN_OUT]

# Wagtail's chooser creation of a snippet that declares no creation form: there is no form to
# take a post, so any post, once the right is checked, is altered input (400).
NO_CREATION_FORM = ["wagtailsnippetchoosers_*:create"]


# A target that does not exist (a network, a city, a pilot): 404 for everyone.
NOWHERE = "nowhere"
# Another city's page (Kumasi's), for Wagtail's views of one page.
PAGE = "page"
# Another city's page, and a record of it (a revision, a task) that does not exist.
PAGE_NOWHERE = "page, nowhere"


def matches(name, globs):
    return any(fnmatch(name, glob) for glob in globs)


def expected(name, route, persona, owner, method="get", protected=False):
    """The one outcome for ``persona`` sending ``method`` to URL ``name``; ``owner`` is the city
    whose record the URL points at, if any (``NOWHERE``: a record that does not exist, ``PAGE``:
    another city's page); ``protected`` that the record cannot be deleted (other records depend
    on it)."""
    if method in OTHER_METHODS:
        return expected_other(name, route, persona, owner, method, protected)
    signed_in = persona != "anonymous"
    if name in API_WRITES:
        # Without a token, refused as unsigned; test_api_writes sends the real requests.
        return "login" if method == API_WRITES[name] else "method"
    if not admin_of(route) and method != "get" and not matches(name, PUBLIC_ANY_METHOD):
        # Public addresses: the method is checked before anything else.
        return "method"
    if signed_in or not admin_of(route) or matches(name, ANONYMOUS_ADMIN_OK):
        if method != "get" and matches(name, GET_ONLY):
            return "method"
        if method == "get" and matches(name, POST_ONLY):
            return "method"
    if method == "post" and matches(name, SIGN_OUT):
        return "login"
    if method == "post" and name == "wagtailadmin_login":
        # The sign-in form takes a POST from anyone (and re-displays it, empty).
        return "ok"
    if signed_in and admin_of(route) and not ours(name) and not matches(name, DASHBOARD_REDIRECTS):
        return wagtail_expected(name, persona, owner, method)
    got = _expected_get(name, route, persona, owner)
    if method == "get" or got != "ok" or not admin_of(route):
        return got
    if matches(name, READ_ONLY):
        return "method"
    if matches(name, NO_CREATION_FORM):
        return "invalid"
    if name.endswith(":delete") and protected:
        # Wagtail refuses to delete what other records protect, and goes back to the dashboard.
        return "denied"
    # An empty form, re-displayed with its errors, or an action confirmed.
    return "ok"


# Views that answer HEAD with 405 although they take GET (``require_GET``): the method is
# checked before the right, once the admin has checked the user is signed in.
HEAD_REFUSED = ["knowledge_write", "learning_*feed", "learning_*ics", "wagtailadmin_block_preview"]
# The live preview takes GET, POST and DELETE, checked after the right.
HEAD_REFUSED_ONCE_ALLOWED = ["*:preview_on_edit"]
# A method a view takes besides GET and POST (``baobab.middleware.MethodMiddleware``), sent
# without a body: its outcome for a signed-in role, where it is not its GET's.
OTHER_METHOD_OUTCOMES = {
    # Nothing to dismiss.
    "wagtailadmin_dismissibles": "invalid",
    # The translation and string of the URL do not exist.
    "wagtail_localize:edit_*": "missing",
}


def expected_other(name, route, persona, owner, method, protected):
    """The outcome of PUT, PATCH, DELETE, HEAD or OPTIONS. Outside the API, a method a URL
    does not take is refused before anything else (``MethodMiddleware``); the API answers 405
    itself; HEAD is a GET without its body."""
    from baobab.middleware import MethodMiddleware

    if route.startswith("api/"):
        if matches(name, PUBLIC_ANY_METHOD):
            return "ok"
        return "login" if method == API_WRITES.get(name) else "method"
    if method == "head":
        got = expected(name, route, persona, owner, "get", protected)
        if got == "login":
            return got
        if matches(name, HEAD_REFUSED) or (
            got == "ok" and matches(name, HEAD_REFUSED_ONCE_ALLOWED)
        ):
            return "method"
        return got
    taken = next(
        (extra for glob, extra in MethodMiddleware.OTHER_METHODS.items() if fnmatch(name, glob)),
        set(),
    )
    if method.upper() not in taken:
        return "method"
    if persona == "anonymous":
        return "login"
    special = [value for glob, value in OTHER_METHOD_OUTCOMES.items() if fnmatch(name, glob)]
    return special[0] if special else expected(name, route, persona, owner, "get", protected)


def admin_of(route):
    return route.startswith("admin/")


# Public URLs that answer any method as they answer GET.
PUBLIC_ANY_METHOD = [
    "wagtail_serve",
    "sitemap",
    "api:openapi-json",
    "invitation_accept",
    "wagtailcore_login",
    "wagtail*authenticate_with_password",
]


def _expected_get(name, route, persona, owner):
    admin = admin_of(route)
    if not admin:
        if owner in (NOWHERE, PAGE_NOWHERE):
            return "missing"
        return "gone" if name == "invitation_accept" else "ok"
    if persona == "anonymous":
        return "ok" if matches(name, ANONYMOUS_ADMIN_OK) else "login"
    if matches(name, DASHBOARD_REDIRECTS):
        return "denied"
    if matches(name, NOBODY):
        return "denied"
    if matches(name, OWNER_ONLY):
        return "ok" if persona == owner else "missing"
    if persona == "secretariat":
        return "ok"
    if matches(name, SECRETARIAT_ONLY):
        return "denied"
    snippet = re.match(r"(wagtailsnippet(?:s|choosers)_\w+?_\w+):(\w+)$", name)
    if snippet and snippet.group(2) in SAME_RIGHT_AS:
        right = SAME_RIGHT_AS[snippet.group(2)]
        model_name = snippet.group(1).replace("wagtailsnippetchoosers_", "wagtailsnippets_")
        if not matches(f"{model_name}:{right}", CITY_TEAM_WRITES) or persona == "expert":
            return "denied"
        if right == "edit" and owner not in (None, CITY_TEAMS[persona]):
            # The history and usage of another city's record: 404, as its edit view.
            return "missing"
        return "ok"
    if matches(name, CITY_TEAM_WRITES):
        if persona == "expert":
            return "denied"
        if name.endswith((":add", ":copy")) or owner is None:
            return "ok"
        return "ok" if owner == CITY_TEAMS[persona] else "missing"
    if matches(name, SHARED_READING):
        return "ok"
    if matches(name, CITY_TEAMS_READ):
        return "denied" if persona == "expert" else "ok"
    return f"no rule for {name}"


# Wagtail's own admin --------------------------------------------------------------------------
#
# Wagtail's own views, for the signed-in roles, follow the rights Wagtail's groups hold (granted
# in ``network.permissions.GROUP_PERMISSIONS`` and by each app's ``grant``) and the page rules
# the apps declare. The secretariat's accounts are administrators. City teams hold page rights
# on the libraries (``knowledge.services.knowledge_review_setup``) and no right on images,
# documents, users, groups, sites, locales, workflows, redirects or translations. Experts hold
# no page right at all (they review through the workflow). Every signed-in role holds
# ``wagtailadmin.access_admin``, which is all Wagtail asks for the choosers, the admin API and
# the site history (whose entries Wagtail filters by what each may read).

# Reached by every signed-in role.
WAGTAIL_EVERYONE = [
    "wagtailadmin_home",
    "wagtailadmin_account*",
    "wagtailadmin_password_reset*",
    "wagtailadmin_sprite",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_api:*",
    "wagtailadmin_choose_*",
    "wagtailadmin_tag_*autocomplete",
    "wagtailadmin_dismissibles",
    "wagtailadmin_editing_sessions:*",
    "wagtailadmin_block_preview",
    "wagtailadmin_reports:site_history*",
    "wagtailadmin_workflows:task_chooser",
    "wagtailadmin_workflows:task_chooser_results",
    "wagtailadmin_workflows:task_chooser_create",
    "wagtailadmin_workflows:task_chosen",
    "wagtail*_chooser:choose*",
    "wagtail*_chooser:chosen*",
    "wagtailimages_chooser:select_format",
    "wagtailembeds:*",
    "wagtail_localize:javascript_catalog",
    "wagtail_localize:translations_report*",
    "wagtail_localize:snippets_api_*",
    # Each person's own tokens: another's is answered as if it did not exist.
    "wagtailusers_api_tokens:*",
]
# Reached by whoever holds a page right: the secretariat and the city teams.
WAGTAIL_PAGE_EDITORS = [
    "wagtailadmin_explore*",
    "wagtailadmin_pages:*",
    "wagtailadmin_reports:aging_pages*",
    "wagtailadmin_reports:page_types_usage*",
    "wagtailadmin_reports:workflow*",
    "wagtail_localize:submit_page_translation",
    "wagtail_localize:convert_to_alias",
]
# Everything else of Wagtail's (images, documents, users, groups, sites, locales, workflows and
# their tasks, redirects, collections, translations, the locked pages report, the snippets'
# index): the secretariat alone.

# Views of one page, filled with another city's page (``PAGE``): a city team is answered 404 (the
# page rules make it another city's record), whatever the view. Experts see the live page but
# hold no right on it, so they are refused, except by the views that only need the page seen.
PAGE_VIEWS = [
    "wagtailadmin_explore",
    "wagtailadmin_explore_results",
    "wagtailadmin_pages:*",
    "wagtailadmin_choose_page_child",
    "wagtail_localize:submit_page_translation",
    "wagtail_localize:convert_to_alias",
]
PAGE_SEEN_VIEWS = [
    "wagtailadmin_choose_page_child",
    # Answers that no workflow is in progress, to confirm nothing.
    "wagtailadmin_pages:confirm_workflow_cancellation",
    # A redirect to the page's history, which then checks the right.
    "wagtailadmin_pages:revisions_index",
    # Moving a page into itself is sent back to the choice of a destination.
    "wagtailadmin_pages:move_confirm",
]
# URLs naming a model or a page that does not fit the view (network.City is no page type, task
# type, taggable or bulk-action model; the city page is not an alias): answered as a record
# that does not exist.
WAGTAIL_NOT_APPLICABLE = [
    "wagtailadmin_pages:choose_parent",
    "wagtailadmin_pages:convert_alias",
    "wagtail_localize:convert_to_alias",
    "wagtailadmin_workflows:add_task",
    "wagtailadmin_tag_model_autocomplete",
    "wagtail_bulk_action",
]
# Views that take only a POST (or PUT/DELETE), checked before the right: GET is 405.
WAGTAIL_POST_ONLY = [
    "wagtailadmin_pages:lock",
    "wagtailadmin_pages:unlock",
    "wagtailadmin_pages:set_page_position",
    "wagtailadmin_workflows:enable*",
    "wagtailadmin_workflows:remove",
    "wagtailadmin_editing_sessions:*",
    "wagtailadmin_api:pages:action",
    "wagtailimages:[!a]*_multiple*",
    "wagtaildocs:[!a]*_multiple*",
    "wagtail_localize:edit_*",
    "wagtail_localize:machine_translate",
    "wagtail_localize:stop_translation",
    "wagtail_localize:upload_pofile",
]
# Views that take a method other than GET and POST: both are 405.
WAGTAIL_OTHER_METHODS = ["wagtail_localize:edit_*"]
# Most views look the record up before the right, so a missing record is a 404 to everyone;
# these check the right first, so a role without it is refused before the record is looked up.
WAGTAIL_RIGHT_FIRST = [
    "wagtailadmin_collections:edit",
    "wagtailadmin_workflows:edit",
    "wagtailredirects:edit",
    "wagtailimages:edit",
    "wagtaildocs:edit",
    "wagtail_localize:update_translations",
    "wagtail_localize:submit_snippet_translation",
    "wagtail_localize:convert_to_alias",
    "wagtailadmin_pages:revisions_view",
    "wagtailadmin_pages:revisions_unschedule",
    "wagtailadmin_pages:workflow_history_detail",
    "wagtailadmin_workflows:remove",
]
# Read-only views that check the method before looking their record up (the admin API, the
# choosers' chosen step): a POST to a missing record is a 405.
WAGTAIL_METHOD_BEFORE_RECORD = [
    "wagtailadmin_api:*:detail",
    "wagtail_localize:snippets_api_detail",
    "wagtail*_chooser:chosen",
    "wagtailadmin_pages:workflow_history_detail",
]
# Wagtail's read-only views: a POST is 405 once the right is checked.
WAGTAIL_READ_ONLY = [
    "wagtailadmin_api:*",
    "wagtailadmin_explore*",
    "wagtailadmin_pages:search*",
    "wagtailadmin_pages:type_use*",
    "wagtailadmin_pages:workflow_history*",
    "wagtailadmin_reports:*",
    "wagtailadmin_choose_page",
    "wagtailadmin_choose_page_child",
    "wagtailadmin_choose_page_search",
    "wagtailadmin_choose_page_chosen_multiple",
    "wagtailadmin_workflows:task_chooser",
    "wagtailadmin_workflows:task_chooser_results",
    "wagtailadmin_workflows:task_index*",
    "wagtail*_chooser:choose*",
    "wagtail*_chooser:chosen*",
    "wagtailadmin_block_preview",
    "wagtail_localize:javascript_catalog",
    "wagtail_localize:translations_report*",
    "wagtail_localize:snippets_api_*",
    # It takes a PATCH.
    "wagtailadmin_dismissibles",
]
# The outcome of a GET (and of a POST, unless the view is read-only) for everyone who reaches
# the view.
WAGTAIL_FIXED = {
    # Searches that answer 404 without their query parameters.
    "wagtailadmin_api:*:find": "missing",
    "wagtailadmin_block_preview": "missing",
    # It takes only a POST, checked after the right.
    "wagtailredirects:process_import": "method",
    # A city page takes no page below it.
    "wagtailadmin_pages:add": "denied",
    "wagtailadmin_pages:add_subpage": "denied",
    "wagtailadmin_pages:preview_on_add": "denied",
}
# POST outcomes, for everyone who reaches the view, where they differ from GET's.
WAGTAIL_POST = {
    # A page cannot move into itself.
    "wagtailadmin_pages:move_confirm": "denied",
    # Releasing an editing session, or removing a workflow from a page, when there is none:
    # nothing to do.
    "wagtailadmin_editing_sessions:release": "ok",
    "wagtailadmin_workflows:remove": "ok",
}
# Wagtail's own views that fail on a field left out of the post (``UNCHECKED_POST_READS`` in
# baobab.errors), or have no form to take it: an empty post is refused as altered input (400).
EMPTY_POST_INVALID = {
    "wagtailadmin_pages:copy": {"secretariat"},
    "wagtailadmin_choose_page_external_link": {"secretariat", "bamako", "lagos", "expert"},
    "wagtailredirects:process_import": {"secretariat"},
    "wagtailimages:add_multiple": {"secretariat"},
    "wagtaildocs:add_multiple": {"secretariat"},
    # Wagtail shows the task creation form only to who may add tasks; anyone else's post has no
    # form to fill.
    "wagtailadmin_workflows:task_chooser_create": {"bamako", "lagos", "expert"},
}


def role_of(persona):
    return "city team" if persona in CITY_TEAMS else persona


def wagtail_reaches(name, persona, owner) -> bool:
    role = role_of(persona)
    if role == "secretariat":
        return True
    if owner in (PAGE, PAGE_NOWHERE) and matches(name, PAGE_VIEWS):
        return matches(name, PAGE_SEEN_VIEWS)
    if matches(name, WAGTAIL_EVERYONE):
        return True
    return role == "city team" and matches(name, WAGTAIL_PAGE_EDITORS)


def wagtail_expected(name, persona, owner, method):
    """The outcome of one of Wagtail's own admin views, for a signed-in role."""
    on_page = owner in (PAGE, PAGE_NOWHERE) and matches(name, PAGE_VIEWS)
    if persona in CITY_TEAMS and on_page:
        return "missing"
    owner = NOWHERE if owner == PAGE_NOWHERE else owner
    if matches(name, WAGTAIL_OTHER_METHODS) or (
        method == "get" and matches(name, WAGTAIL_POST_ONLY)
    ):
        return "method"
    if not wagtail_reaches(name, persona, owner):
        if owner == NOWHERE and not matches(name, WAGTAIL_RIGHT_FIRST):
            return "missing"
        return "denied"
    if method == "post" and name in WAGTAIL_POST:
        return WAGTAIL_POST[name]
    if owner == NOWHERE:
        if method == "post" and matches(name, WAGTAIL_METHOD_BEFORE_RECORD):
            return "method"
        return "missing"
    fixed = next((value for glob, value in WAGTAIL_FIXED.items() if fnmatch(name, glob)), "ok")
    if method == "get":
        return fixed
    if persona in EMPTY_POST_INVALID.get(name, ()):
        return "invalid"
    if matches(name, WAGTAIL_READ_ONLY) or matches(name, READ_ONLY):
        return "method"
    return fixed


def outcome(response):
    status = response.status_code
    if status == 302:
        location = response["Location"]
        if location.startswith(reverse("wagtailadmin_login")):
            return "login"
        if location == reverse("wagtailadmin_home"):
            return "denied"
        return "ok"
    return {
        200: "ok",
        204: "ok",
        301: "ok",
        400: "invalid",
        401: "login",
        403: "denied",
        404: "missing",
        405: "method",
        410: "gone",
    }.get(status, f"status {status}")


def walk(resolver=None, namespaces=(), prefix=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            namespace = (pattern.namespace,) if pattern.namespace else ()
            yield from walk(pattern, namespaces + namespace, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield ":".join((*namespaces, pattern.name)), prefix + str(pattern.pattern), pattern


def parameters(route: str) -> list[str]:
    """Argument names of a full route (path converters, named and unnamed regex groups)."""
    names = re.findall(r"<(?:\w+:)?(\w+)>", route.replace("(?P<", "(?P"))
    names += re.findall(r"\(\?P(\w+)>", route.replace("(?P<", "(?P"))
    names += ["?"] * len(re.findall(r"\((?!\?)", route))
    return names


# Baobab's own apps: every app whose code lives in this repository.
OUR_APPS = tuple(
    config.label
    for config in apps.get_app_configs()
    if Path(config.path).is_relative_to(settings.BASE_DIR) and "site-packages" not in config.path
)
OUR_NAMESPACES = (
    *(f"wagtailsnippets_{label}_" for label in OUR_APPS),
    *(f"wagtailsnippetchoosers_{label}_" for label in OUR_APPS),
    "audit_trail:",
)


def is_ours(name, pattern=None) -> bool:
    module = pattern.callback.__module__ if pattern else ""
    return module.split(".")[0] in OUR_APPS or name.startswith(OUR_NAMESPACES)


OUR_NAMES = {name for name, _route, pattern in walk() if is_ours(name, pattern)}


def ours(name) -> bool:
    return name in OUR_NAMES or is_ours(name)


def records_by_city(model, cities):
    """One record of ``model`` per demo city team (owner slug), or a shared one (owner None)."""
    policy = policy_registry.get_by_type(model)
    if isinstance(policy, CityScopedPermissionPolicy):
        lookup = "pk" if policy.city_field == "pk" else policy.city_field
        return {
            slug: model._default_manager.filter(**{lookup: city.pk}).first()
            for slug, city in cities.items()
        }
    return {None: model._default_manager.first()}


@pytest.fixture
def objects(aston, secretariat, settings, tmp_path):
    """One record per model for each of the two cities, for URLs that take an id."""
    settings.MEDIA_ROOT = tmp_path
    pack = OfflinePack(network=aston, language="en", size=2, built_at=timezone.now())
    pack.file.save("aston-en.zip", ContentFile(b"PK"), save=False)
    pack.status = OfflinePack.Status.READY
    pack.save()
    cities = {slug: City.objects.get(slug=slug) for slug in CITY_TEAMS}
    invitations = {}
    for slug, city in cities.items():
        invitations[slug] = Invitation.objects.create(
            network=aston,
            email=f"new-{slug}@example.org",
            name=f"New {slug}",
            role="team_member",
            city=city,
            token_hash=slug * 8,
            expires_at=timezone.now(),
        )
    logs = {
        slug: AuditLogEntry.objects.log_action(city, "wagtail.edit", user=secretariat)
        for slug, city in cities.items()
    }
    by_model = {
        (model._meta.app_label, model._meta.model_name): records_by_city(model, cities)
        for model in get_snippet_models()
        if model._meta.app_label in OUR_APPS
    }
    # Invitations and memberships name a city without being scoped by it: one of each city.
    by_model["network", "invitation"] = invitations
    # The demo records reuse for three cities, Lagos not among them: one each here.
    by_model["impact", "reuserecord"] = {
        slug: ReuseRecord.objects.create(
            network=aston,
            city=city,
            method="Design thinking",
            where="service",
            reused_in=f"Matrix service of {slug}",
            evidence="Minutes",
        )
        for slug, city in cities.items()
    }
    by_model["network", "membership"] = {
        slug: Membership.objects.get(city=city) for slug, city in cities.items()
    }
    page = CityPage.objects.get(city__slug="kumasi", locale__language_code="en")
    builtin_pk = {
        "wagtailusers_users": get_user_model().objects.get(username="bamako").pk,
        "wagtailusers_groups": Group.objects.get(name="City team").pk,
        "wagtailsites": Site.objects.get(is_default_site=True).pk,
        "wagtaillocales": Locale.objects.get(language_code="fr").pk,
        "wagtailadmin_pages": page.pk,
    }
    # One finished task (with its file) per city team's user.
    jobs = {}
    for slug in CITY_TEAMS:
        user = get_user_model().objects.get(username=slug)
        jobs[slug] = job_finish(
            job_start(kind="report", owner=user, actor=user), file=b"a,b\n", name="report.csv"
        )
    return {
        "by_model": by_model,
        "audit_trail": logs,
        "page": page,
        "builtin_pk": builtin_pk,
        "jobs": jobs,
    }


def targets(name, route, objects):
    """(url, owner city) pairs to request for one URL pattern."""
    params = parameters(route)
    if not params:
        return [(reverse(name), None)]
    if name == "wagtail_serve":
        # The public pages: the same for everyone, in every language.
        return [(f"/{code}{path}", None) for code in ("en", "fr", "pt") for path in PUBLIC_PATHS]
    if name == "invitation_accept":
        return [(reverse(name, args=["not-a-real-token"]), None)]
    if name == "roadmap_adopt" or name.startswith("wagtailsnippets_roadmap_roadmap:revisions_"):
        roadmaps = objects["by_model"]["roadmap", "roadmap"]
        return [
            (reverse(name, args=[r.pk, *[r.latest_revision_id] * (len(params) - 1)]), slug)
            for slug, r in roadmaps.items()
        ]
    if name in ("network_personal_data_export", "network_person_erase"):
        people = {slug: Person.objects.get(user__username=slug) for slug in CITY_TEAMS}
        return [(reverse(name, args=[person.pk]), slug) for slug, person in people.items()]
    if name == "knowledge_write":
        return [(reverse(name, args=[kind]), None) for kind in ("city_story", "case_study")]
    if matches(name, OWNER_ONLY):
        return [(reverse(name, args=[job.pk]), slug) for slug, job in objects["jobs"].items()]
    if name == "knowledge_capture":
        # Posts only: a GET is refused, whoever asks.
        return [(reverse(name, args=["reflection", 1]), None)]
    if name.startswith("audit_trail:") and params == ["pk"]:
        return [
            (reverse(name, args=[log.pk]), slug) for slug, log in objects["audit_trail"].items()
        ]
    if name.startswith("learning_"):
        return learning_targets(name, params)
    if name == "experiments_pilot_record":
        records = objects["by_model"]["experiments", "pilot"]
        return [(reverse(name, args=[record.pk]), slug) for slug, record in records.items()]
    if name == "impact_dataset":
        return [
            (
                reverse(name, kwargs={"network_slug": slug, "name": "cities", "ext": ext}),
                NOWHERE if slug == "nowhere" else None,
            )
            for slug, ext in (("aston", "csv"), ("aston", "json"), ("nowhere", "csv"))
        ]
    if name == "impact_offline_pack":
        # A pack built (objects), a language the network does not publish in, no network.
        return [
            (reverse(name, args=["aston", "en"]), None),
            (reverse(name, args=["aston", "pt"]), NOWHERE),
            (reverse(name, args=[NOWHERE, "en"]), NOWHERE),
        ]
    if name == "impact_offline_packs":
        with translation.override("pt"):
            unpublished = reverse(name, args=["aston"])
        return [
            (reverse(name, args=["aston"]), None),
            (unpublished, None),
            (reverse(name, args=[NOWHERE]), NOWHERE),
        ]
    if name.startswith("api:"):
        return api_targets(name, params)
    if name.startswith(("experiments_", "impact_")) and params == ["network_slug"]:
        return [(reverse(name, args=["aston"]), None), (reverse(name, args=[NOWHERE]), NOWHERE)]
    if not is_ours(name):
        return builtin_targets(name, params, objects)
    match = re.match(r"wagtailsnippet(?:s|choosers)_(\w+?)_(\w+):", name)
    if match and params == ["pk"] and (match.group(1), match.group(2)) in objects["by_model"]:
        records = objects["by_model"][match.group(1), match.group(2)]
        return [(reverse(name, args=[record.pk]), slug) for slug, record in records.items()]
    return None


PUBLIC_PATHS = [
    "/",
    "/cities/",
    "/cities/kumasi/",
    "/programme/",
    "/learning/",
    "/events/",
    "/events/?zone=lagos",
    "/pilots/",
    "/pilots/?city=lagos&decision=scale_up",
    "/pilots/bamako-street-addressing/",
    "/roadmaps/",
    "/roadmaps/bamako/",
    "/roadmaps/bamako/pdf/",
    "/knowledge/",
    "/knowledge/?q=addressing",
    "/knowledge/feed/",
    "/knowledge/five-things/",
    "/knowledge/five-things/pdf/",
    "/impact/",
    "/impact/figures/reuse/?by=city",
    "/impact/figures/participants/?by=phase&page=2",
    "/impact/sheet/",
]


# The API's write endpoints, with a body aimed at Lagos's records: each persona's answer is
# checked in test_api_writes.
API_WRITES = {
    "api:reuse_record_create": "post",
    "api:indicator_value_record": "post",
    "api:reflection_submit": "post",
    "api:needs_rank": "put",
}


def api_targets(name, params):
    from experiments.models import Pilot

    if not params:
        return [(reverse(name), None)]
    values = {"slug": ["lagos", "atlantis"], "pilot_id": []}
    pilots = {slug: Pilot.objects.filter(city__slug=slug).first() for slug in CITY_TEAMS}
    values["pilot_id"] = [pilot.pk for pilot in pilots.values()] + [999_999]
    nowhere = {"atlantis", 999_999}
    return [
        (reverse(name, args=[value]), NOWHERE if value in nowhere else None)
        for value in values[params[0]]
    ]


def learning_targets(name, params):
    """The learning journey's URLs: an open quarter, an event, and each city team's city."""
    from learning.models import Event, Quarter

    values = {
        "quarter_pk": Quarter.objects.filter(topic__isnull=True).first().pk,
        "event_pk": Event.objects.first().pk,
        "pk": Event.objects.first().pk,
        "slug": "kumasi",
    }
    fixed = {param: values[param] for param in params if param != "city_pk"}
    if "city_pk" not in params:
        return [(reverse(name, kwargs=fixed), None)]
    return [
        (reverse(name, kwargs={**fixed, "city_pk": City.objects.get(slug=slug).pk}), slug)
        for slug in CITY_TEAMS
    ]


# Wagtail's own URLs take ids of its own records: fill them with real ones where the demo has
# them (another city's page, a user, a group, the site, a locale), else with an
# id that does not exist, which must still be refused, or answered 404, never an error.
BUILTIN_VALUES = {
    "revision_id": "latest",
    "revision_id_a": "earliest",
    "revision_id_b": "latest",
    "app_label": "network",
    "app_name": "network",
    "content_type_app_name": "website",
    "model_name": "city",
    "content_type_model_name": "citypage",
    "action": "edit",
    "action_name": "approve",
    "mode": "manual",
    "filter_spec": "max-100x100",
    "uidb64": "MQ",
    "token": "not-a-token",
}
PAGE_PARAMS = {"page_id", "parent_page_id", "page_to_move_id", "destination_id", "page_pk"}


def builtin_targets(name, params, objects):
    values = {}
    for param in params:
        if param == "?":
            return None
        if param in BUILTIN_VALUES:
            values[param] = BUILTIN_VALUES[param]
        elif param in PAGE_PARAMS:
            values[param] = objects["page"].pk
        elif param == "pk":
            namespace = name.split(":")[0]
            values[param] = objects["builtin_pk"].get(namespace, 999_999)
        else:
            values[param] = 999_999
    for attempt in (
        values,
        {k: 999_999 if k.startswith("revision") else v for k, v in values.items()},
    ):
        nowhere = 999_999 in attempt.values() or matches(name, WAGTAIL_NOT_APPLICABLE)
        on_page = bool(PAGE_PARAMS & set(attempt)) or (
            name.startswith("wagtailadmin_pages:") and "pk" in attempt
        )
        owner = {
            (False, False): None,
            (True, False): NOWHERE,
            (False, True): PAGE,
            (True, True): PAGE_NOWHERE,
        }[nowhere, on_page]
        try:
            return [(reverse(name, kwargs=attempt), owner)]
        except NoReverseMatch:
            continue
    return None


def protected_record(name, url) -> bool:
    """Whether the record behind a snippet's delete URL is protected by others pointing at it."""
    from django.db import transaction
    from django.db.models import ProtectedError, RestrictedError
    from django.urls import resolve

    match = re.match(r"wagtailsnippets_(\w+?)_(\w+):delete$", name)
    if not match:
        return False
    model = apps.get_model(match.group(1), match.group(2))
    record = model._default_manager.get(pk=resolve(url).kwargs["pk"])
    try:
        with transaction.atomic():
            record.delete()
            transaction.set_rollback(True)
    except (ProtectedError, RestrictedError):
        return True
    return False


# Methods other than GET and POST: each URL is sent every one of them, each by another role,
# the roles taking turns from one URL to the next (a Latin square), so that every method meets
# every role many times over for a fifth of the requests every cell would cost.
OTHER_METHODS = ("put", "patch", "delete", "head", "options")


def requests_of(name, url, turn):
    """(persona, method) pairs to send to one URL, the ``turn``-th. The public pages are the
    same for everyone: every language is read anonymously, English by every role."""
    others = [(p, OTHER_METHODS[(turn + i) % len(OTHER_METHODS)]) for i, p in enumerate(PERSONAS)]
    if name == "wagtail_serve":
        if not url.startswith("/en/"):
            return [("anonymous", "get"), ("anonymous", OTHER_METHODS[turn % len(OTHER_METHODS)])]
        return [*((persona, "get") for persona in PERSONAS), ("anonymous", "post"), *others]
    return [*((persona, method) for persona in PERSONAS for method in ("get", "post")), *others]


def test_every_url_for_every_role(login, objects):
    from django.db import transaction

    assert {"network", "onboarding", "programme", "website", "learning"} <= set(OUR_APPS)
    failures, uncovered, requests, turn = [], [], 0, 0
    for name, route, pattern in walk():
        if name in SKIPPED:
            continue
        urls = targets(name, route, objects)
        if urls is None:
            if is_ours(name, pattern):
                uncovered.append(name)
            continue
        for url, owner in urls:
            protected = protected_record(name, url)
            turn += 1
            for persona, method in requests_of(name, url, turn):
                client = login(persona)
                try:
                    # Each request leaves the data as it found it: an allowed POST is undone.
                    with transaction.atomic():
                        got = outcome(getattr(client, method)(url))
                        transaction.set_rollback(True)
                except Exception as error:  # an error page is a failure, whoever asks
                    got = f"error {type(error).__name__}"
                requests += 1
                want = expected(name, route, persona, owner, method, protected)
                if got != want:
                    failures.append(
                        f"{persona:12} {method.upper():5} {url}  got {got}, expected {want}"
                    )
    assert not uncovered, f"URLs with arguments the matrix cannot fill yet: {uncovered}"
    assert not failures, "\n".join(failures)
    assert requests > 1000


def test_refusals_of_another_citys_records_are_recorded(login):
    lagos = City.objects.get(slug="lagos")
    client = login("bamako")
    response = client.get(reverse("wagtailsnippets_network_city:edit", args=[lagos.pk]))
    assert response.status_code == 404
    entry = AuditLogEntry.objects.filter(action="baobab.refused").first()
    assert entry.user.username == "bamako"
    assert entry.city == lagos
    assert entry.object_id == str(lagos.pk)
    assert entry.data["reason"] == "change: another city's record"


def _api_writes():
    """(method, path, body) of every API write, aimed at Lagos's records."""
    from experiments.models import Pilot
    from learning.models import Quarter, Topic

    quarter = Quarter.objects.filter(topic__isnull=True).first()
    pilot = Pilot.objects.filter(city__slug="lagos", indicators__isnull=False).first()
    reflection = {"tried": "a", "worked": "b", "did_not_work": "c", "next_steps": "d"}
    return {
        "api:reuse_record_create": (
            "post",
            reverse("api:reuse_record_create"),
            {"city": "lagos", "method": "m", "where": "policy", "reused_in": "x", "evidence": "e"},
        ),
        "api:indicator_value_record": (
            "post",
            reverse("api:indicator_value_record", args=[pilot.pk]),
            {
                "indicator_id": pilot.indicators.first().pk,
                "period_start": str(pilot.start),
                "actual": 1,
            },
        ),
        "api:reflection_submit": (
            "post",
            reverse("api:reflection_submit"),
            {"quarter_id": quarter.pk, "city": "lagos", **reflection},
        ),
        "api:needs_rank": (
            "put",
            reverse("api:needs_rank"),
            {
                "quarter_id": quarter.pk,
                "city": "lagos",
                "ranking": [{"topic_id": Topic.objects.filter(network=quarter.network).first().pk}],
            },
        ),
    }


API_EXPECTED = {"anonymous": 401, "secretariat": 2, "lagos": 2, "bamako": 404, "expert": 403}


def test_api_writes(client, db):
    """Every API write, for every persona, with a personal token: the same rules as the web
    forms (Lagos's records: Lagos and the secretariat write, Bamako gets 404)."""
    import json

    from wagtail.models import APIToken

    from api.api import api

    writes = _api_writes()
    names = {name for name, _route, _pattern in walk() if name in API_WRITES}
    assert names == set(writes) == set(API_WRITES)
    write_paths = {
        path
        for path, operations in api.get_openapi_schema(path_prefix="/api")["paths"].items()
        if set(operations) & {"post", "put", "patch", "delete"}
    }
    assert len(write_paths) == len(writes), "an API write is missing from the matrix"
    failures = []
    for method, url, body in writes.values():
        for persona, wanted in API_EXPECTED.items():
            headers = {}
            if persona != "anonymous":
                user = get_user_model().objects.get(username=persona)
                headers["HTTP_AUTHORIZATION"] = (
                    "Bearer " + APIToken.create_token(user=user, name="matrix")[1]
                )
            response = getattr(client, method)(
                url, json.dumps(body), content_type="application/json", **headers
            )
            got = response.status_code
            if (got // 100 if wanted == 2 else got) != wanted:
                failures.append(
                    f"{persona:12} {method.upper()} {url} got {got}: {response.content[:200]}"
                )
    assert not failures, "\n".join(failures)


# Pages ---------------------------------------------------------------------------------------
#
# Every page action of the admin, on every kind of page a role meets, with one expected outcome
# per cell, derived from the page rules the apps declare (``register_page_rule``) and from the
# rights Wagtail's groups hold. Pages other than the team's own answer 404 to a city team;
# drafts answer 404 to everyone but their team, their reviewers and the secretariat.

# action: (method, URL name, the right it needs, whether the page must be live / not live)
PAGE_ACTIONS = {
    "edit": ("get", "wagtailadmin_pages:edit", "change", None),
    "edit-post": ("post", "wagtailadmin_pages:edit", "change", None),
    "view_draft": ("get", "wagtailadmin_pages:view_draft", "change", None),
    "history": ("get", "wagtailadmin_pages:history", "change", None),
    "revision": ("get", "wagtailadmin_pages:revisions_view", "change", None),
    "revert": ("get", "wagtailadmin_pages:revisions_revert", "change", None),
    "compare": ("get", "wagtailadmin_pages:revisions_compare", "change", None),
    "workflow_history": ("get", "wagtailadmin_pages:workflow_history", "change", None),
    "usage": ("get", "wagtailadmin_pages:usage", "change", None),
    "copy": ("get", "wagtailadmin_pages:copy", "change", None),
    "copy-post": ("post", "wagtailadmin_pages:copy", "change", None),
    "delete": ("get", "wagtailadmin_pages:delete", "change", False),
    "move": ("get", "wagtailadmin_pages:move", "change", False),
    "unpublish": ("get", "wagtailadmin_pages:unpublish", "publish", True),
    "privacy": ("get", "wagtailadmin_pages:set_privacy", "publish", None),
    "lock": ("post", "wagtailadmin_pages:lock", "lock", None),
    "preview": ("get", "wagtailadmin_pages:preview_on_edit", "change", None),
    "explore": ("get", "wagtailadmin_explore", "explore", None),
    "api": ("get", "wagtailadmin_api:pages:detail", "explore", None),
}


def page_action_url(action, page):
    _method, name, _right, _live = PAGE_ACTIONS[action]
    if action in ("revision", "revert"):
        return reverse(name, args=[page.pk, page.latest_revision_id])
    if action == "compare":
        return reverse(name, args=[page.pk, "earliest", "latest"])
    return reverse(name, args=[page.pk])


@pytest.fixture
def page_targets(db):
    """The pages of the matrix: the network's, each city's own, live and draft, and shared."""
    from knowledge.models import KnowledgeIndexPage, KnowledgeItemPage
    from knowledge.tests.helpers import item

    targets = {"library": KnowledgeIndexPage.objects.get(locale__language_code="en")}
    for slug in CITY_TEAMS:
        city = City.objects.get(slug=slug)
        targets[f"story:{slug}"] = KnowledgeItemPage.objects.get(
            slug=f"story-{slug}", locale__language_code="en"
        )
        draft = item(title=f"Draft of {slug}", slug=f"matrix-draft-{slug}", live=False)
        draft.cities = [city]
        draft.save()
        draft.save_revision()
        targets[f"draft:{slug}"] = draft
        targets[f"citypage:{slug}"] = CityPage.objects.get(city=city, locale__language_code="en")
    targets["shared"] = (
        KnowledgeItemPage.objects.filter(cities__slug="lagos", locale__language_code="en")
        .filter(cities__slug="niamey")
        .get()
    )
    return targets


def city_team_rights(page) -> set[str]:
    """The page rights the city teams' group holds on ``page`` (granted down the tree)."""
    from wagtail.models import GroupPagePermission

    return {
        grant.permission.codename.rsplit("_", 1)[0]
        for grant in GroupPagePermission.objects.filter(group__name="City team").select_related(
            "page", "permission"
        )
        if page.path.startswith(grant.page.path)
    }


def page_expected(persona, target, page, action):
    from network.permissions import PAGE_RULES

    _method, _name, right, live = PAGE_ACTIONS[action]
    if persona == "anonymous":
        return "login"
    state_fits = live is None or page.live == live
    if persona == "secretariat":
        # Administrators hold every right; only a draft cannot be unpublished.
        return "denied" if live and not page.live else "ok"
    is_draft = not page.live
    if persona == "expert":
        # Experts hold no page right: they reach drafts only through a review.
        if is_draft:
            return "missing"
        if action == "api":
            return "missing"
        return "denied"
    city = City.objects.get(slug=CITY_TEAMS[persona])
    owned = {
        pk
        for rule in PAGE_RULES.values()
        if rule.owned_by is not None
        for pk in rule.owned_by(city.pk).values_list("pk", flat=True)
    }
    rights = city_team_rights(page)
    if page.pk not in owned:
        # The pages a team adds below (the libraries) stay on its way through the explorer.
        below = type(page) in PAGE_RULES and PAGE_RULES[type(page)].city_teams_add
        return "ok" if below and right == "explore" else "missing"
    if right == "explore":
        # Listed by the admin API where the team holds a right; the explorer opens any own page.
        return "ok" if action == "explore" or rights else "missing"
    if right not in rights or not state_fits:
        return "denied"
    return "ok"


def page_action_body(action, page):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

    if action == "edit-post":
        # Enough for the form to be read; what is missing is refused as invalid, unsaved.
        return nested_form_data(
            {
                "title": page.title,
                "slug": page.slug,
                "body": streamfield([]),
                "comments": inline_formset([]),
                "sources": inline_formset([]),
            }
        )
    if action == "copy-post":
        return {
            "new_title": f"Copy of {page.title}",
            "new_slug": f"matrix-copy-{page.pk}",
            "new_parent_page": page.get_parent().pk,
        }
    return {}


def test_every_page_action_for_every_role(login, page_targets):
    from django.db import transaction

    failures = []
    for target, page in page_targets.items():
        for action, (method, *_rest) in PAGE_ACTIONS.items():
            url = page_action_url(action, page)
            for persona in PERSONAS:
                want = page_expected(persona, target, page, action)
                client = login(persona)
                try:
                    # Each request leaves the data as it found it: a copy or a lock is undone.
                    with transaction.atomic():
                        response = getattr(client, method)(url, page_action_body(action, page))
                        transaction.set_rollback(True)
                    got = outcome(response)
                except Exception as error:
                    got = f"error {type(error).__name__}"
                if got != want:
                    failures.append(
                        f"{persona:12} {method.upper()} {url} ({target} {action}): "
                        f"{got}, want {want}"
                    )
    assert not failures, "\n".join(failures)
