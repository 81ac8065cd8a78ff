from django import forms

from .models import ReminderSetting


class ReminderSettingForm(forms.ModelForm):
    class Meta:
        model = ReminderSetting
        fields = ["enabled", "lead_days", "repeat_days"]
