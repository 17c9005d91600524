"""Self-test scores a person recorded, such as first-step morning pain."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.db import models

from footcoach.training.models import Side

if TYPE_CHECKING:
    from footcoach.accounts.models import User

# The self-test (content/tests/) asked each morning on the plan page.
FIRST_STEP_PAIN = "first-step-pain"


class SelfTestResultQuerySet(models.QuerySet["SelfTestResult"]):
    def of(self, person: User) -> SelfTestResultQuerySet:
        return self.filter(owner=person)

    def morning_pain(self) -> SelfTestResultQuerySet:
        return self.filter(test=FIRST_STEP_PAIN)


class SelfTestResult(models.Model):
    """One score of one self-test on one day: a second score that day replaces the first."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="test_results")
    test = models.CharField(max_length=60)  # a self-test id (content/tests/)
    # Blank for a test of both feet, or of the one that hurts more.
    side = models.CharField(max_length=8, choices=Side.choices, blank=True, default="")
    value = models.FloatField()
    taken_on = models.DateField()
    recorded_at = models.DateTimeField(auto_now=True)
    # The device's id for this result, so that a result sent twice is stored
    # once. Results recorded on the server (the morning check-in) have none.
    uid = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    # Set to "phone" when the phone's motion sensors measured the result
    # (motion.js); the person may still have corrected the value by hand.
    measured_by = models.CharField(
        max_length=8, blank=True, default="", choices=[("", "By hand"), ("phone", "Measured by phone")]
    )
    # A stance's sway: the spread of the trunk's horizontal acceleration, m/s².
    sway = models.FloatField(null=True, blank=True)
    # The accelerometer's samples the phone measured from ({"rate", "ax", "ay",
    # "az"}, see core/traces.py), kept so that the result can be analysed again.
    motion_trace = models.JSONField(null=True, blank=True)

    objects: ClassVar[SelfTestResultQuerySet] = SelfTestResultQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ("-taken_on", "test", "side")
        constraints = (
            models.UniqueConstraint(fields=("owner", "test", "side", "taken_on"), name="selftestresult_one_a_day"),
        )

    def __str__(self) -> str:
        return f"{self.test} on {self.taken_on:%Y-%m-%d}: {self.value:g}"


class ResultReceipt(models.Model):
    """A result id a device sent, kept for good.

    A later result of the same test, side and day replaces the stored value
    and its uid; the receipt still knows the first id, so that a resend of the
    older result (its answer was lost) is "already" and changes nothing.
    """

    uid = models.UUIDField(primary_key=True, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    def __str__(self) -> str:
        return str(self.uid)
