from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from clients.models import Client


@login_required
@require_GET
def dashboard(request):
    clients = Client.objects.for_trainer(request.user).active()
    context = {
        "client_count": clients.count(),
        "attention_count": clients.needing_attention().count(),
    }
    return render(request, "clients/dashboard.html", context)
