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


class CacheEntry(models.Model):
    """The table of Django's database cache, the default cache when CACHE_URL is not set.

    Declared as a model (the columns `createcachetable` would make) so that `migrate` creates it
    on every install, whatever cache the install uses today."""

    cache_key = models.CharField(max_length=255, primary_key=True)
    value = models.TextField()
    expires = models.DateTimeField(db_index=True)

    class Meta:
        db_table = "trainer_site_cache"

    def __str__(self):
        return self.cache_key


class GuessCount(models.Model):
    """Failed guesses of secret links (private links, unsubscribe links) from one address in the
    current window. In the database, and counted with one atomic UPDATE, so every worker and
    host sees the same count (trainer_site.guessing)."""

    key = models.CharField(max_length=200, primary_key=True)
    failures = models.PositiveIntegerField()
    window_ends_at = models.DateTimeField(db_index=True)

    def __str__(self):
        return f"{self.key}: {self.failures}"
