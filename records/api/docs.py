"""The API's interactive documentation (Swagger UI, served from this site's static files), for
logged-in staff only; the OpenAPI document itself is public, as it holds no record.

Swagger UI has no translations; in Vietnamese the page also loads records/swagger_ui_vi.js, which
puts its labels into Vietnamese as it renders them (that file says how), and in English it stays as
it is. The page is this site's template (templates/records/api_docs.html), not ninja's.
"""

from django.contrib.auth.views import redirect_to_login
from django.urls import reverse
from ninja.openapi.docs import Swagger


class StaffSwagger(Swagger):
    # django-ninja internals: Swagger.render_page renders `template` with ninja's context
    # (swagger_settings, api, add_csrf) and ninja's static files; our template is its
    # ninja/swagger.html of 1.8 plus the page's language and the Vietnamese files. Compare them
    # when ninja is upgraded.
    template = "records/api_docs.html"

    def render_page(self, request, api, **kwargs):
        user = request.user
        if not (user.is_authenticated and user.is_active and user.is_staff):
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        return super().render_page(request, api, **kwargs)
