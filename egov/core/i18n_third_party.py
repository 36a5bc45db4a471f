"""Strings of third-party apps shown in the Vietnamese admin that their packages do not translate.

Marked here so that `makemessages` keeps them in the project catalogue (locale/), which Django
consults before the packages' own catalogues. Never imported at run time.
"""

from django.utils.translation import gettext_noop

THIRD_PARTY_STRINGS = (
    # django-axes (login lockout)
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
    # django-tasks-db (background jobs)
    gettext_noop("Task Result"),
    gettext_noop("Task Results"),
)
