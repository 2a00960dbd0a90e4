from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info


def other_languages(request: HttpRequest) -> dict:
    """Links to the current page in the other languages, for the language switch."""
    current = get_language()
    return {
        "other_languages": [
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "url": translate_url(request.get_full_path(), code),
            }
            for code, _name in settings.LANGUAGES
            if code != current
        ]
    }
