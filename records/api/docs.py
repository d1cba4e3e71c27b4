"""The API's interactive documentation (Swagger UI, served from this site's static files), for
logged-in staff only; the OpenAPI document itself is public, as it holds no record."""

from django.contrib.auth.views import redirect_to_login
from django.urls import reverse
from ninja.openapi.docs import Swagger


class StaffSwagger(Swagger):
    def render_page(self, request, api, **kwargs):
        user = request.user
        if not (user.is_authenticated and user.is_active and user.is_staff):
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        return super().render_page(request, api, **kwargs)
