"""Who may do what with the network's records: the one place these rules live.

Roles come from the person record linked to a user account:

- the secretariat may do everything (its accounts are Wagtail administrators);
- a city team (coordinator or member) reads the network's internal records and changes the
  records of its own city only;
- experts read internal records;
- everyone else sees published pages and open data only.

Views, forms, admin viewsets and the API ask here; a record of another city is answered with 404,
as if it did not exist, and the refusal is written to the audit trail.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from wagtail.models import Page, PagePermissionTester
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.permissions import policy_registry, register_permission_policy

from baobab.exceptions import NotAllowed, NotFound

from .models import AuditLogEntry, City, Invitation, Person

CITY_ROLES = (Person.Role.COORDINATOR, Person.Role.TEAM_MEMBER)
EXPERT_ROLES = (Person.Role.LEAD_EXPERT, Person.Role.EXPERT)

SECRETARIAT_GROUP = "Secretariat"
CITY_TEAM_GROUP = "City team"
EXPERTS_GROUP = "Experts"

# Django permissions each group holds; the city restriction is applied on top by the policies.
# Other apps add theirs with ``grant``.
GROUP_PERMISSIONS = {
    CITY_TEAM_GROUP: [
        "wagtailadmin.access_admin",
        "network.view_network",
        "network.view_city",
        "network.change_city",
        "network.view_membership",
        "network.view_person",
        "network.add_person",
        "network.change_person",
        "network.view_theme",
    ],
    EXPERTS_GROUP: [
        "wagtailadmin.access_admin",
        "network.view_network",
        "network.view_city",
        "network.view_membership",
        "network.view_person",
        "network.view_theme",
    ],
}


def grant(group: str, *codes: str) -> None:
    GROUP_PERMISSIONS[group].extend(code for code in codes if code not in GROUP_PERMISSIONS[group])


def user_person(user) -> Person | None:
    """The person record of a user account, read once per request object."""
    if not user or not user.is_authenticated:
        return None
    if not hasattr(user, "_baobab_person"):
        user._baobab_person = Person.objects.filter(user=user).select_related("city").first()
    return user._baobab_person


def is_secretariat(user) -> bool:
    if not user or not user.is_authenticated or not user.is_active:
        return False
    person = user_person(user)
    return user.is_superuser or (person is not None and person.role == Person.Role.SECRETARIAT)


def user_city_id(user) -> int | None:
    """The city a city-team account works for; None for every other role."""
    person = user_person(user)
    if person is None or person.role not in CITY_ROLES:
        return None
    return person.city_id


def role_group(role: str) -> str | None:
    if role == Person.Role.SECRETARIAT:
        return SECRETARIAT_GROUP
    if role in CITY_ROLES:
        return CITY_TEAM_GROUP
    if role in EXPERT_ROLES:
        return EXPERTS_GROUP
    return None


class CityScopedPermissionPolicy(ModelPermissionPolicy):
    """Model permissions, narrowed so a city team changes only its own city's records.

    ``city_field`` is the lookup from the model to its city ("pk" for City itself).
    Reading ("view") is open to every role that holds the model permission: internal records
    are shared across the network; private ones use ``private_actions``.
    """

    def __init__(self, model, city_field="city", private_actions=()):
        super().__init__(model)
        self.city_field = city_field
        self.private_actions = set(private_actions)

    def _scoped(self, user, action) -> bool:
        return (action != "view" or action in self.private_actions) and not is_secretariat(user)

    def city_id_of(self, instance):
        if self.city_field == "pk":
            return instance.pk
        *path, last = self.city_field.split("__")
        for name in path:
            instance = getattr(instance, name)
        return getattr(instance, f"{last}_id")

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        if not self._scoped(user, action):
            return True
        city_id = user_city_id(user)
        return city_id is not None and self.city_id_of(instance) == city_id

    def instances_user_has_permission_for(self, user, action):
        queryset = self.model._default_manager.all()
        if not self.user_has_permission(user, action):
            return queryset.none()
        if not self._scoped(user, action):
            return queryset
        city_id = user_city_id(user)
        if city_id is None:
            return queryset.none()
        return queryset.filter(**{self.city_field: city_id})


city_policy = CityScopedPermissionPolicy(City, city_field="pk")
person_policy = CityScopedPermissionPolicy(Person, city_field="city")
# Registered here, on import, so that Wagtail never creates a default policy for them first.
register_permission_policy(City, city_policy)
register_permission_policy(Person, person_policy)


class InvitationPermissionPolicy(ModelPermissionPolicy):
    """An invitation is sent, then accepted or left to expire: never edited."""

    def user_has_permission(self, user, action):
        return action != "change" and super().user_has_permission(user, action)


class AuditPermissionPolicy(ModelPermissionPolicy):
    """The trail is read by the secretariat and written only by the application."""

    def user_has_permission(self, user, action):
        return action == "view" and is_secretariat(user)


register_permission_policy(Invitation, InvitationPermissionPolicy(Invitation))
register_permission_policy(AuditLogEntry, AuditPermissionPolicy(AuditLogEntry))


class CityAccessRefused(NotFound):
    """Another city's record: answered as if it did not exist (404), and recorded."""

    def __init__(self, *, model, pk, action, reason, city_id=None):
        super().__init__()
        self.model, self.pk, self.action, self.reason = model, pk, action, reason
        self.city_id = city_id


def ensure_allowed(user, action: str, instance) -> None:
    """Refuse unless ``user`` may do ``action`` to ``instance``: a role without the right gets
    NotAllowed (403); a city team reaching another city's record gets NotFound (404).

    Works for every model whose app registered a CityScopedPermissionPolicy with Wagtail.
    """
    policy = policy_registry.get(instance)
    if not policy.user_has_permission(user, action):
        raise NotAllowed
    if not policy.user_has_permission_for_instance(user, action, instance):
        raise CityAccessRefused(
            model=type(instance),
            pk=instance.pk,
            action=action,
            reason="another city's record",
            city_id=policy.city_id_of(instance),
        )


def _get_for_user(model, user, pk, action):
    instance = model._default_manager.filter(pk=pk).first()
    if instance is None:
        raise NotFound
    ensure_allowed(user, action, instance)
    return instance


def get_city_for_user(user, pk, action="view") -> City:
    return _get_for_user(City, user, pk, action)


def get_person_for_user(user, pk, action="view") -> Person:
    return _get_for_user(Person, user, pk, action)


def ensure_secretariat(user) -> None:
    """Refuse (NotAllowed) unless ``user`` is the secretariat's: the network-wide tools."""
    if not is_secretariat(user):
        raise NotAllowed


def get_person_for_secretariat(user, pk) -> Person:
    """A person whose personal data only the secretariat may download or erase."""
    ensure_secretariat(user)
    return _get_for_user(Person, user, pk, "change")


# Pages --------------------------------------------------------------------------------------
#
# Wagtail grants page rights by group, down a branch of the tree: the city teams' group holds
# "add" and "change" on each knowledge library so its members can draft items there. These rules
# narrow that grant page by page. A city team acts only on its own city's pages (each app
# declares which pages a city owns with ``register_page_rule``) and adds pages only where a rule
# lets it; every other page is, for the admin, another city's record: answered 404, and its
# drafts are absent from the explorer, search, choosers and the admin API.


@dataclass(frozen=True)
class PageRule:
    owned_by: Callable[[int], QuerySet] | None = None
    """The pages of the model a city's team owns, given the city's id."""
    city_teams_add: bool = False
    """Whether a city team may add its own city's pages below pages of the model."""


PAGE_RULES: dict[type, PageRule] = {}


def register_page_rule(model, *, owned_by=None, city_teams_add=False) -> None:
    PAGE_RULES[model] = PageRule(owned_by=owned_by, city_teams_add=city_teams_add)


@dataclass(frozen=True)
class PageScope:
    """What a city team reaches in the page tree, computed once per request's user."""

    own: frozenset
    add_parents: frozenset
    visible: frozenset


def page_scope(user) -> PageScope | None:
    """The pages a city-team account may act on; None for roles these rules leave to Wagtail."""
    if is_secretariat(user):
        return None
    city_id = user_city_id(user)
    if city_id is None:
        return None
    if not hasattr(user, "_baobab_page_scope"):
        own, add_parents = set(), set()
        for model, rule in PAGE_RULES.items():
            if rule.owned_by is not None:
                own.update(rule.owned_by(city_id).values_list("pk", flat=True))
            if rule.city_teams_add:
                add_parents.update(model._default_manager.values_list("pk", flat=True))
        reached = own | add_parents
        paths = Page.objects.filter(pk__in=reached).values_list("path", flat=True)
        prefixes = {
            path[:end] for path in paths for end in range(Page.steplen, len(path), Page.steplen)
        }
        ancestors = Page.objects.filter(path__in=prefixes).values_list("pk", flat=True)
        user._baobab_page_scope = PageScope(
            own=frozenset(own),
            add_parents=frozenset(add_parents),
            visible=frozenset(reached | set(ancestors)),
        )
    return user._baobab_page_scope


def _has_unpublished_content(page) -> bool:
    return not page.live or page.has_unpublished_changes


def _in_review_by(user, page) -> bool:
    task = page.current_workflow_task
    return bool(task and task.specific.user_can_access_editor(page, user))


def page_hidden(user, page) -> bool:
    """Whether the admin answers ``page`` to ``user`` as if it did not exist.

    A city team sees its own pages and the pages above them; the others' drafts are seen by
    the secretariat and by the reviewers they are submitted to.
    """
    if not user.is_authenticated or is_secretariat(user):
        return False
    scope = page_scope(user)
    if scope is not None:
        return page.pk not in scope.visible
    return _has_unpublished_content(page) and not _in_review_by(user, page)


def pages_visible_to(user, pages):
    """``pages`` less the drafts ``user`` may not see (for choosers and other page lists)."""
    if is_secretariat(user):
        return pages
    scope = page_scope(user)
    if scope is None:
        return pages.filter(live=True)
    return pages.filter(Q(live=True) | Q(pk__in=scope.visible))


def _note_refused_page(user, page) -> None:
    # Read by the refusal middleware: a refused page outside the team's city answers 404.
    user._baobab_refused_page = page


def refused_page(user):
    """A page outside a city team's reach that this request was refused, if any."""
    return getattr(user, "_baobab_refused_page", None)


def page_refusal(*, page, action="view", reason="another city's page") -> CityAccessRefused:
    return CityAccessRefused(model=Page, pk=page.pk, action=action, reason=reason)


class CityPagePermissionTester(PagePermissionTester):
    """Wagtail's page rights, narrowed to the city team's own pages."""

    def __init__(self, user, page):
        super().__init__(user, page)
        scope = page_scope(user)
        self.outside_city = False
        if scope is None or not hasattr(self, "permissions"):
            return
        if page.pk in scope.own:
            return
        self.outside_city = True
        if page.pk in scope.add_parents:
            self.permissions = self.permissions & {"add"}
        else:
            self.permissions = set()


def _noting_refusals(name):
    checked = getattr(PagePermissionTester, name)

    def check(self, *args, **kwargs):
        allowed = checked(self, *args, **kwargs)
        if not allowed and self.outside_city:
            _note_refused_page(self.user, self.page)
        return allowed

    check.__name__ = name
    return check


for _name in dir(PagePermissionTester):
    if _name.startswith("can_"):
        setattr(CityPagePermissionTester, _name, _noting_refusals(_name))


class CityPagePermissionPolicy(PagePermissionPolicy):
    """The same narrowing for the admin's page listings, explorer, search and API."""

    def user_has_any_permission_for_instance(self, user, actions, instance):
        scope = page_scope(user)
        if scope is None or instance.pk in scope.own:
            return super().user_has_any_permission_for_instance(user, actions, instance)
        if instance.pk in scope.add_parents and "add" in actions:
            return super().user_has_any_permission_for_instance(user, {"add"}, instance)
        return False

    def instances_user_has_any_permission_for(self, user, actions):
        pages = super().instances_user_has_any_permission_for(user, actions)
        scope = page_scope(user)
        if scope is None:
            return pages
        allowed = scope.own | (scope.add_parents if "add" in actions else frozenset())
        return pages.filter(pk__in=allowed)

    def explorable_instances(self, user):
        pages = super().explorable_instances(user)
        scope = page_scope(user)
        if scope is None:
            return pages
        return pages.filter(pk__in=scope.visible)


# Registered for Page, so it covers every page type (Wagtail's own is registered for AbstractPage).
register_permission_policy(Page, CityPagePermissionPolicy(Page))


# --- Personal data: each role sees what its work needs ------------------------------------------
#
# | who                    | a person of their own city | anyone else               |
# |------------------------|----------------------------|---------------------------|
# | secretariat            | everything                 | everything                |
# | city team              | everything                 | name, city, organisation  |
# | expert                 | name, organisation         | name, organisation        |
# | anyone else            | nothing                    | nothing                   |
#
# Listings, exports, detail views and the chooser all ask ``visible_person_fields``; the public
# site shows only people who consented to be listed (network.selectors.city_public_people).

PERSON_FIELDS = (
    "name",
    "email",
    "role",
    "organisation",
    "city",
    "network",
    "languages",
    "consent_to_be_listed",
    "user",
)
PERSON_DIRECTORY_FIELDS = frozenset({"name", "city", "organisation"})
PERSON_EXPERT_FIELDS = frozenset({"name", "organisation"})


def visible_person_fields(user, person: Person) -> frozenset[str]:
    """The fields of ``person`` that ``user`` may read."""
    if is_secretariat(user):
        return frozenset(PERSON_FIELDS)
    city_id = user_city_id(user)
    if city_id is not None:
        if person.city_id == city_id:
            return frozenset(PERSON_FIELDS)
        return PERSON_DIRECTORY_FIELDS
    viewer = user_person(user)
    if viewer is not None and viewer.role in EXPERT_ROLES:
        return PERSON_EXPERT_FIELDS
    return frozenset()


def person_search_fields(user) -> list[str]:
    """What a person listing may be searched on: never a field the user may not read (an e-mail
    typed into the search box would otherwise confirm who has it)."""
    if is_secretariat(user):
        return ["name", "email", "organisation"]
    return ["name", "organisation"]
