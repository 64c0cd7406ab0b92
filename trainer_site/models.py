from django.conf import settings
from django.db import models


class TrainerSession(models.Model):
    """A signed-in browser, so a trainer can see their sessions and end the ones they don't
    recognise. The session itself lives in Django's session store under `session_key`."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="signed_in_sessions"
    )
    session_key = models.CharField(max_length=40, unique=True)
    user_agent = models.CharField(max_length=200, blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    last_seen = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-last_seen"]

    def __str__(self):
        return f"Session of {self.user} since {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def browser(self):
        """A short, human description of the user agent."""
        agent = self.user_agent
        for name in ("Edg", "Firefox", "Chrome", "Safari"):
            if name in agent:
                browser = {"Edg": "Edge"}.get(name, name)
                break
        else:
            browser = "A browser"
        for system in ("Android", "iPhone", "iPad", "Windows", "Mac OS", "Linux"):
            if system in agent:
                return f"{browser} on {system.replace('Mac OS', 'macOS')}"
        return browser
