from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Nobody signs up freely: people join through an application or an invitation."""

    def is_open_for_signup(self, request) -> bool:
        return False
