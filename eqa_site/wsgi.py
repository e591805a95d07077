import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eqa_site.settings")

application = get_wsgi_application()

# Everything loaded so far (Django, the apps, their models) lives as long as the process. Frozen, the
# collector stops walking it again and again in its full collections, which took the slowest requests of a
# busy page tens of milliseconds longer (docs/performance.md).
gc.freeze()
