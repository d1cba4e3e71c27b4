"""Login throttling (django-axes): whose failures are counted, and what a locked-out login sees."""

from django.conf import settings
from django.shortcuts import render


def client_ip(request):
    """The address the request came from.

    Behind the reverse proxy (DJANGO_HTTPS=1) every request arrives from the proxy, so the
    client is the last address in X-Forwarded-For: the one the proxy appended. Addresses
    before it were sent by the client and prove nothing.
    """
    if settings.BEHIND_PROXY:
        forwarded = [address.strip() for address in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if forwarded[-1]:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR", "")


def lockout(request, original_response, credentials):
    """The page a locked-out login gets, on the site's login page and the admin's alike."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes}
    return render(request, "registration/locked_out.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)
