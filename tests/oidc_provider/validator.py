from oauth2_provider.oauth2_validators import OAuth2Validator

from tests.oidc_provider.models import Person


class ClaimsValidator(OAuth2Validator):
    """The test's claims in the ID token and the userinfo answer, whatever the scopes (SURFconext
    releases what its dashboard says, not what a scope asks for); `sub` is the user name."""

    oidc_claim_scope = None

    def get_additional_claims(self, request):
        person = Person.objects.filter(user=request.user).first()
        return {"sub": request.user.username, **(person.claims if person else {})}
