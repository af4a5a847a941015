"""The knowledge library's admin forms."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from network.models import City
from network.permissions import user_city_id


class KnowledgeItemForm(WagtailAdminPageForm):
    """A city team files items under its own city only; the secretariat and experts choose."""

    def clean(self):
        cleaned = super().clean()
        city_id = user_city_id(self.for_user)
        if city_id is not None and "cities" in self.fields:
            chosen = list(cleaned.get("cities") or [])
            if not chosen:
                cleaned["cities"] = City.objects.filter(pk=city_id)
            elif any(city.pk != city_id for city in chosen):
                self.add_error("cities", _("You may file items under your own city only."))
        return cleaned
