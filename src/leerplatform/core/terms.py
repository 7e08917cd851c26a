"""Words of django-allauth and Django that our Dutch glossary renders differently.

Allauth's Dutch catalogue says "Aanmelden" for signing in; on this platform "aanmelden" means
applying to join an edition, so our catalogue (which takes precedence) says "Inloggen". Listing the
message ids here keeps them in our .po files.
"""

from django.utils.translation import gettext_noop

TERMS = [
    gettext_noop("Sign In"),
    gettext_noop("Sign Out"),
    gettext_noop("Sign Up"),
    gettext_noop("Sign in"),
    gettext_noop("sign in"),
    gettext_noop("Remember Me"),
    gettext_noop("Forgot your password?"),
]
