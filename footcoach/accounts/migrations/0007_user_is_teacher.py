from django.db import migrations, models


def role_to_switch(apps, schema_editor):
    # An account that had the teacher role keeps being a teacher.
    User = apps.get_model("accounts", "User")
    User.objects.filter(role="teacher").update(is_teacher=True)


def switch_to_role(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    User.objects.filter(is_teacher=True).update(role="teacher")


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0006_profile_sex"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="is_teacher",
            field=models.BooleanField(default=False),
        ),
        migrations.RunPython(role_to_switch, switch_to_role),
        migrations.RemoveField(
            model_name="user",
            name="role",
        ),
    ]
