"""Django's template backend, whose system check knows the two libraries we replace on purpose.

TEMPLATES OPTIONS "libraries" puts `core.templatetags.cached_i18n` and `cached_static` in the
place of Django's `i18n` and `static` (`{% translate %}` and `{% static %}` made once per
process). Django's check `templates.W003` warns about any library name that two modules answer
to, so that an app's library cannot shadow another's unnoticed. This backend runs the same
check, except for those two names when the engine maps them to our modules: any other clash
(two apps' `leerplatform` libraries, a third replacement) still warns.
"""

from __future__ import annotations

from collections import defaultdict

from django.core.checks import Warning
from django.template.backends.django import DjangoTemplates, get_template_tag_modules

# Library name -> (Django's module, the module that replaces it on purpose).
REPLACED = {
    "i18n": ("django.templatetags.i18n", "leerplatform.core.templatetags.cached_i18n"),
    "static": ("django.templatetags.static", "leerplatform.core.templatetags.cached_static"),
}


class Templates(DjangoTemplates):
    def _check_for_template_tags_with_the_same_name(self):
        libraries: dict[str, set[str]] = defaultdict(set)
        for name, path in get_template_tag_modules():
            libraries[name].add(path)
        for name, path in self.engine.libraries.items():
            libraries[name].add(path)
        warnings = []
        for name, paths in libraries.items():
            if name in REPLACED and paths == set(REPLACED[name]):
                continue
            if len(paths) > 1:
                listed = ", ".join(repr(path) for path in sorted(paths))
                warnings.append(
                    Warning(
                        f"{name!r} is used for multiple template tag modules: {listed}",
                        obj=self,
                        id="templates.W003",
                    )
                )
        return warnings
