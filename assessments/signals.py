from django.db.models.signals import post_save
from django.dispatch import receiver
from simple_history.utils import bulk_create_with_history

from assessments.characteristics import default_characteristics
from assessments.models import Characteristic
from councils.models import Council


@receiver(post_save, sender=Council, dispatch_uid="council_starts_with_default_characteristics")
def give_new_council_the_default_grid(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        # With history, so that the council settings' History says what each row was before its first change.
        bulk_create_with_history(
            [
                Characteristic(
                    council=instance,
                    position=position,
                    label=label,
                    guidance=guidance,
                    covers=[str(code) for code in covers],
                )
                for position, (label, guidance, covers) in enumerate(default_characteristics(instance.nation), start=1)
            ],
            Characteristic,
        )
