"""Sessions signed in through Django's ModelBackend now name PersonBackend, which took its place.

Django keeps a session's sign-in only while the backend it names is among
AUTHENTICATION_BACKENDS: without this, everyone signed in when the server was
upgraded would have had to sign in again.
"""

from django.contrib.auth import BACKEND_SESSION_KEY
from django.db import migrations

OLD = "django.contrib.auth.backends.ModelBackend"
NEW = "footcoach.accounts.backends.PersonBackend"


def _rename(apps, schema_editor, before, after):
    from django.contrib.sessions.backends.db import SessionStore

    Session = apps.get_model("sessions", "Session")
    store = SessionStore()
    for key, encoded in Session.objects.values_list("session_key", "session_data").iterator():
        data = store.decode(encoded)  # one signed with another secret key reads as {}: left as it is
        if data.get(BACKEND_SESSION_KEY) == before:
            data[BACKEND_SESSION_KEY] = after
            Session.objects.filter(session_key=key).update(session_data=store.encode(data))


def forwards(apps, schema_editor):
    _rename(apps, schema_editor, OLD, NEW)


def backwards(apps, schema_editor):
    _rename(apps, schema_editor, NEW, OLD)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0008_user_emails_alerts"),
        ("sessions", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
