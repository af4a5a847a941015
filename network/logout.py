"""Signing out of the admin: by POST only, and then for real, on the server."""

from wagtail.admin.views.account import LogoutView as WagtailLogoutView


class LogoutView(WagtailLogoutView):
    """Wagtail's logout view deletes the session cookie on any request, even one it refuses
    with 405: the browser then looks signed out while the session stays valid on the server,
    for anyone holding its id. Here any method but POST is refused before anything changes;
    a POST flushes the session from the store (Django's ``logout``) and then drops the cookie.
    """

    http_method_names = ["post"]

    def dispatch(self, request, *args, **kwargs):
        if request.method.lower() not in self.http_method_names:
            return self.http_method_not_allowed(request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)
