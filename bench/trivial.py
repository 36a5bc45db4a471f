"""S0's view: a 32-byte JSON body through the full production middleware."""

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

BODY = b'{"ok":true,"bench":"trivial-32"}'  # 32 bytes


@require_safe
def trivial(request: HttpRequest) -> HttpResponse:
    return HttpResponse(BODY, content_type="application/json")
