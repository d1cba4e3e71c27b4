from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="admin:index"), name="home"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

admin.site.site_header = "Hồ sơ Đại hội"
admin.site.site_title = "Hồ sơ Đại hội"
admin.site.index_title = "Quản lý hồ sơ"
