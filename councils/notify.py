"""GOV.UK Notify as an email backend, for councils that send through it: EMAIL_BACKEND=councils.notify.
NotifyEmailBackend, with NOTIFY_API_KEY and NOTIFY_TEMPLATE_ID, an email template of the service whose subject is
((subject)) and whose body is ((body)). Each message goes to Notify once for each of its addresses, through Notify's
own client; an error from Notify is raised, so that the worker tries the email again later."""

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from notifications_python_client.notifications import NotificationsAPIClient


class NotifyEmailBackend(BaseEmailBackend):
    def __init__(self, fail_silently=False, **kwargs):
        super().__init__(fail_silently=fail_silently, **kwargs)
        self.client = NotificationsAPIClient(
            settings.NOTIFY_API_KEY, base_url=settings.NOTIFY_BASE_URL, timeout=settings.EMAIL_TIMEOUT
        )

    def send_messages(self, email_messages):
        sent = 0
        for message in email_messages:
            for address in message.recipients():
                try:
                    self.client.send_email_notification(
                        email_address=address,
                        template_id=settings.NOTIFY_TEMPLATE_ID,
                        personalisation={"subject": message.subject, "body": message.body},
                    )
                except Exception:
                    if not self.fail_silently:
                        raise
                    continue
                sent += 1
        return sent
