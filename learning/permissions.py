"""Who may do what with the learning records (network.permissions holds the roles).

Every signed-in role reads them: they are shared across the network. A city team changes its
own city's needs, maturity, reflections and registrations only, through the learning forms,
whose services check the city."""

from wagtail.permissions import register_permission_policy

from network import permissions
from network.permissions import CityScopedPermissionPolicy

from .models import MaturityAssessment, NeedExpression, Reflection, Registration

READ = [
    f"learning.view_{model}"
    for model in (
        "topic",
        "quarter",
        "event",
        "registration",
        "needexpression",
        "maturityassessment",
        "reflection",
        "criticalfriendpairing",
    )
]

need_policy = CityScopedPermissionPolicy(NeedExpression, "city")
maturity_policy = CityScopedPermissionPolicy(MaturityAssessment, "city")
reflection_policy = CityScopedPermissionPolicy(Reflection, "city")
registration_policy = CityScopedPermissionPolicy(Registration, "person__city")
register_permission_policy(NeedExpression, need_policy)
register_permission_policy(MaturityAssessment, maturity_policy)
register_permission_policy(Reflection, reflection_policy)
register_permission_policy(Registration, registration_policy)

permissions.grant(permissions.CITY_TEAM_GROUP, *READ)
permissions.grant(permissions.EXPERTS_GROUP, *READ)
