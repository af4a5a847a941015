"""Who may do what is declared in one place per app, its ``permissions.py``: no model, admin hook
or app config registers a permission policy or grants a role's rights on its own."""

import re
from pathlib import Path

from django.conf import settings

from knowledge.forms import KnowledgeItemForm
from knowledge.models import KnowledgeItemPage

DECLARATIONS = re.compile(r"\bregister_permission_policy\(|\bpermissions\.grant\(|^grant\(", re.M)


def _sources():
    for path in sorted(Path(settings.BASE_DIR).glob("*/**/*.py")):
        parts = path.relative_to(settings.BASE_DIR).parts
        if parts[0].startswith(".") or "tests" in parts or "migrations" in parts:
            continue
        yield path


def test_policies_and_grants_are_declared_in_permissions_modules_only():
    declaring = {
        str(path.relative_to(settings.BASE_DIR))
        for path in _sources()
        if DECLARATIONS.search(path.read_text())
    }
    assert declaring, "no declarations found: the pattern is out of date"
    assert {path for path in declaring if not path.endswith("/permissions.py")} == set()


def test_the_knowledge_item_editor_uses_the_form_of_the_forms_module():
    assert KnowledgeItemPage.base_form_class is KnowledgeItemForm
    form_class = KnowledgeItemPage.get_edit_handler().get_form_class()
    assert issubclass(form_class, KnowledgeItemForm)
