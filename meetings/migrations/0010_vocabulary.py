"""One word per idea: the agenda is published (kallelse), the adjustment is posted (anslag).

Renames only; the stored status "notice_published" becomes "agenda_published", in the
meetings and in their history.
"""

from django.db import migrations, models


def status_renamer(old, new):
    def rename(apps, schema_editor):
        for name in ("Meeting", "HistoricalMeeting"):
            apps.get_model("meetings", name).objects.filter(status=old).update(status=new)

    return rename


class Migration(migrations.Migration):

    dependencies = [
        ('meetings', '0009_search_parts'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='meeting',
            name='notice_posted_only_after_adjustment',
        ),
        migrations.RenameField(
            model_name='agendaitem',
            old_name='added_after_notice',
            new_name='added_after_agenda',
        ),
        migrations.RenameField(
            model_name='body',
            old_name='publishes_notices',
            new_name='posts_adjustments',
        ),
        migrations.RenameField(
            model_name='historicalagendaitem',
            old_name='added_after_notice',
            new_name='added_after_agenda',
        ),
        migrations.RenameField(
            model_name='historicalmeeting',
            old_name='notice_published_at',
            new_name='agenda_published_at',
        ),
        migrations.RenameField(
            model_name='historicalmeeting',
            old_name='notice_posted_on',
            new_name='posted_on',
        ),
        migrations.RenameField(
            model_name='meeting',
            old_name='notice_published_at',
            new_name='agenda_published_at',
        ),
        migrations.RenameField(
            model_name='meeting',
            old_name='notice_posted_on',
            new_name='posted_on',
        ),
        migrations.AlterField(
            model_name='historicalmeeting',
            name='status',
            field=models.CharField(choices=[('planned', 'Planerat'), ('agenda_published', 'Kallelse publicerad'), ('held', 'Genomfört'), ('adjusted', 'Justerat'), ('cancelled', 'Inställt')], default='planned', help_text='Från och med publicerad kallelse ser allmänheten dagordningens rubriker och de offentliga handlingarna; protokollet först när det är justerat.', max_length=20, verbose_name='status'),
        ),
        migrations.AlterField(
            model_name='meeting',
            name='status',
            field=models.CharField(choices=[('planned', 'Planerat'), ('agenda_published', 'Kallelse publicerad'), ('held', 'Genomfört'), ('adjusted', 'Justerat'), ('cancelled', 'Inställt')], default='planned', help_text='Från och med publicerad kallelse ser allmänheten dagordningens rubriker och de offentliga handlingarna; protokollet först när det är justerat.', max_length=20, verbose_name='status'),
        ),
        migrations.RunPython(
            status_renamer("notice_published", "agenda_published"),
            status_renamer("agenda_published", "notice_published"),
        ),
        migrations.AddConstraint(
            model_name='meeting',
            constraint=models.CheckConstraint(condition=models.Q(('posted_on__isnull', True), ('adjusted_at__isnull', False), _connector='OR'), name='posting_only_after_adjustment', violation_error_message='Justeringen kan anslås först när protokollet är justerat.'),
        ),
    ]
