"""Reading the API with a key (records.models.ApiToken): the key stands for its user.

A request names its key in `Authorization: Bearer <key>`. A usable key (not revoked, not
expired, of an active user) makes its user the request's user, so that every question the read
pages ask of a user, permissions and scope (records.access), is asked of the key's user the same
way: a key sees what its user sees. Each use is marked on the key (`last_used_at`).
"""

from ninja.security import HttpBearer

from records.models import ApiToken


class KeyAuth(HttpBearer):
    def authenticate(self, request, token):
        key = ApiToken.objects.for_key(token.strip())
        if key is None:
            return None
        key.mark_used()
        request.user = key.user
        return key
