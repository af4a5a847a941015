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

from django.core.exceptions import PermissionDenied
from django.http import Http404
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import policy_registry, register_permission_policy

from .models import City, Person

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


class CityAccessRefused(Http404):
    """Another city's record: answered as if it did not exist (404), and recorded."""

    def __init__(self, *, model, pk, action, reason, city_id=None):
        super().__init__()
        self.model, self.pk, self.action, self.reason = model, pk, action, reason
        self.city_id = city_id


def ensure_allowed(user, action: str, instance) -> None:
    """Refuse unless ``user`` may do ``action`` to ``instance``: a role without the right gets
    PermissionDenied (403); a city team reaching another city's record gets a 404.

    Works for every model whose app registered a CityScopedPermissionPolicy with Wagtail.
    """
    policy = policy_registry.get(instance)
    if not policy.user_has_permission(user, action):
        raise PermissionDenied
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
        raise Http404
    ensure_allowed(user, action, instance)
    return instance


def get_city_for_user(user, pk, action="view") -> City:
    return _get_for_user(City, user, pk, action)


def get_person_for_user(user, pk, action="view") -> Person:
    return _get_for_user(Person, user, pk, action)


def get_person_for_secretariat(user, pk) -> Person:
    """A person whose personal data only the secretariat may download or erase."""
    if not is_secretariat(user):
        raise PermissionDenied
    return _get_for_user(Person, user, pk, "change")


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
