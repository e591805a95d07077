from django.db.models.signals import post_save
from django.dispatch import receiver
from simple_history.utils import bulk_create_with_history

from actionplans.models import StatusWord
from actionplans.models.words import default_words
from councils.models import Council


@receiver(post_save, sender=Council, dispatch_uid="council_starts_with_default_status_words")
def give_new_council_the_default_status_words(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        # With history, so that the council settings' History says what each word was before its first change.
        bulk_create_with_history(default_words(instance), StatusWord)
