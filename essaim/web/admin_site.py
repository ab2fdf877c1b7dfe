"""The admin in correct French. Django's French writes « Modification de échelle », « Ajout de
innovation » (no elision before a vowel), and leaves a few words of its own and of
django-simple-history in English (the search icon's « Search », the yes/no icons' « True » and
« False », an empty change reason « None »). The site behind `admin.site` (`EssaimAdminSite`,
through `AdminConfig`) mends each admin page: the title before it is drawn, those words after."""

import re
from functools import wraps

from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig
from django.template.response import TemplateResponse

# « de » before a word starting with a vowel: « d’ » (no h: « de hauteur » keeps its « de »).
ELISION = re.compile(r"\b([Dd])e ([aeiouyàâäéèêëîïôöùûüœAEIOUYÀÂÉÈÊÎÔÙÛŒ])")
WORDS = [
    (re.compile(r'alt="Search"'), 'alt="Rechercher"'),
    (re.compile(r'alt="True"'), 'alt="Oui"'),
    (re.compile(r'alt="False"'), 'alt="Non"'),
    (re.compile(r'alt="None"'), 'alt="Inconnu"'),
    (re.compile(r"<td>\s*None\s*</td>"), "<td>—</td>"),  # django-simple-history: no change reason
]


def elided(text):
    """« Modification de échelle » → « Modification d’échelle » (the apostrophe of Django's French)."""
    return ELISION.sub("\\1’\\2", text)


def mended(content):
    for pattern, replacement in WORDS:
        content = pattern.sub(replacement, content)
    return content


def mend(response):
    response.content = mended(response.content.decode(response.charset)).encode(response.charset)
    return response


class EssaimAdminSite(AdminSite):
    site_header = "Essaim — administration"
    site_title = "Essaim"
    index_title = "Administration du programme"

    def admin_view(self, view, cacheable=False):
        @wraps(view)
        def french(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            if isinstance(response, TemplateResponse) and not response.is_rendered:
                context = response.context_data or {}
                if isinstance(context.get("title"), str):
                    context["title"] = elided(context["title"])
                response.add_post_render_callback(mend)
            elif not response.streaming and response.get("Content-Type", "").startswith("text/html"):
                mend(response)  # a page drawn at once (django-simple-history's history)
            return response

        return super().admin_view(french, cacheable=cacheable)


class AdminConfig(DjangoAdminConfig):
    default_site = "essaim.web.admin_site.EssaimAdminSite"
