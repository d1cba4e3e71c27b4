"""The site's addresses: the read pages of both apps, login, the language switch and the admin."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from congress import views
from congress.api import api
from records import views as records
from records.admin.autocomplete import autocomplete_view
from records.admin.scoping import view_on_site

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("search/", views.SearchView.as_view(), name="search"),
    path(
        "login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("people/", views.PersonListView.as_view(), name="person-list"),
    path("people/<uuid:uid>/", views.PersonDetailView.as_view(), name="person-detail"),
    path("organisations/", records.OrganisationListView.as_view(), name="organisation-list"),
    path("organisations/<uuid:uid>/", views.OrganisationDetailView.as_view(), name="organisation-detail"),
    path("units/", records.UnitListView.as_view(), name="unit-list"),
    path("units/<uuid:uid>/", records.UnitDetailView.as_view(), name="unit-detail"),
    path("documents/", records.DocumentListView.as_view(), name="document-list"),
    path("documents/<uuid:uid>/", views.DocumentDetailView.as_view(), name="document-detail"),
    path("congresses/", views.CongressListView.as_view(), name="congress-list"),
    path("congresses/tong-hop/", views.CongressOverviewView.as_view(), name="congress-overview"),
    path("congresses/<uuid:uid>/", views.CongressDetailView.as_view(), name="congress-detail"),
    path("congresses/<uuid:uid>/ho-so/", views.CongressFileView.as_view(), name="congress-file"),
    path(
        "congresses/<uuid:uid>/ho-so/<slug:document>.<slug:file_format>",
        views.CongressFileDownloadView.as_view(),
        name="congress-file-download",
    ),
    path("speeches/", views.SpeechListView.as_view(), name="speech-list"),
    path("speeches/<uuid:uid>/", views.SpeechDetailView.as_view(), name="speech-detail"),
    path("indicators/", views.IndicatorListView.as_view(), name="indicator-list"),
    path("indicators/<uuid:uid>/", views.IndicatorDetailView.as_view(), name="indicator-detail"),
    path("tasks/", views.TaskListView.as_view(), name="task-list"),
    path("tasks/<uuid:uid>/", views.TaskDetailView.as_view(), name="task-detail"),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    # Before the admin's own, which would tell a record outside the user's scope by its address.
    path(
        "admin/r/<path:content_type_id>/<path:object_id>/",
        admin.site.admin_view(view_on_site),
        name="view-on-site",
    ),
    # Before the admin's own: records named as their admins choose (a unit with its register).
    path("admin/autocomplete/", admin.site.admin_view(autocomplete_view)),
    path("admin/", admin.site.urls),
]

admin.site.site_header = _("Hồ sơ Đại hội")
admin.site.site_title = _("Hồ sơ Đại hội")
admin.site.index_title = _("Quản lý hồ sơ")
