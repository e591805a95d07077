"""Email notifications: the page where each signed-in person chooses how they hear of each kind of email EqA sends
them (councils/notifications.py). Their own choices only: nothing of any council is shown or changed."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from councils.forms import NotificationChoicesForm, error_list
from councils.models import Delivery, NotificationPreference


@require_http_methods(["GET", "HEAD", "POST"])
def notification_choices(request):
    chosen = dict(NotificationPreference.objects.filter(user=request.user).values_list("kind", "delivery"))
    form = NotificationChoicesForm(request.POST if request.method == "POST" else None, chosen=chosen)
    if form.is_valid():
        with transaction.atomic():
            for kind, delivery in form.cleaned_data.items():
                if chosen.get(kind, Delivery.AT_ONCE) != delivery:
                    NotificationPreference.objects.update_or_create(
                        user=request.user, kind=kind, defaults={"delivery": delivery}
                    )
        messages.success(request, "Your email choices are saved.")
        return redirect("notification-choices")
    return render(
        request,
        "registration/notification_choices.html",
        {"form": form, "errors": error_list(form), "title": "Email notifications"},
    )
