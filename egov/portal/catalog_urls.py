"""Public catalogue URLs (owned by the catalogue pages)."""

from django.urls import path
from django.views.generic import RedirectView

urlpatterns = [
    # Replaced by the public catalogue views.
    path("", RedirectView.as_view(url="/", permanent=False), name="catalog"),
]
