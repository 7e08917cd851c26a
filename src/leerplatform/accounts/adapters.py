from allauth.account.adapter import DefaultAccountAdapter

from leerplatform.accounts.ratelimits import client_ip, login_attempts_key


class AccountAdapter(DefaultAccountAdapter):
    """Nobody signs up freely: people join through an application or an invitation."""

    def is_open_for_signup(self, request) -> bool:
        return False

    def get_client_ip(self, request) -> str:
        """Our one reading of the client address (trusted proxies; see accounts/ratelimits.py)."""
        return client_ip(request)

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        # allauth keys the per-account failed-login limit on the address alone, so anyone could
        # lock anyone out; ours counts the failures per account *from one client address*.
        login = credentials.get("email", credentials.get("username", ""))
        return login_attempts_key(request, login)
