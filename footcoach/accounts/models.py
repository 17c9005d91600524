from __future__ import annotations

import hashlib
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone

from footcoach.core.profile import PROFILE_FIELDS, parse_profile
from footcoach.core.profile import Profile as CoreProfile
from footcoach.library.content import get_library


class UserManager(BaseUserManager):  # type: ignore[type-arg]
    use_in_migrations = True

    @classmethod
    def normalize_email(cls, email: str | None) -> str:
        # The one place an address is normalised. Accounts are kept, and looked
        # up on sign-in and on the command line, in lower case: people type
        # their address with capitals one day and without them the next.
        return (email or "").strip().lower()

    def get_by_natural_key(self, username: str | None) -> User:
        # Sign-in looks the person up through this.
        return super().get_by_natural_key(self.normalize_email(username))  # type: ignore[no-any-return]

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("an email address is required")
        user = self.model(email=self.normalize_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who uses footcoach. People sign in with their email address."""

    email = models.EmailField(unique=True)
    # The one switch on the account page. A teacher may invite clients and
    # give them homework; a teacher can be someone's client too.
    is_teacher = models.BooleanField(default=False)
    # A teacher's choice, on the dashboard: an email when a client's session
    # raises an alert (a pain of 8 or more, a stop rule).
    emails_alerts = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    def __str__(self) -> str:
        return self.email


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def of(self, person: User) -> ApiTokenQuerySet:
        return self.filter(owner=person)


class ApiToken(models.Model):
    """A personal API token for scripts and other clients than the browser.

    Only a SHA-256 hash of the token is kept: the token is random and long, so a
    fast hash is enough, and a copy of the database cannot be used to sign in.
    The prefix is kept in clear so a person can tell their tokens apart.
    """

    PREFIX = "fc_"

    owner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=16)
    hashed = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)

    objects: ClassVar[ApiTokenQuerySet] = ApiTokenQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash(plaintext: str) -> str:
        return hashlib.sha256(plaintext.encode()).hexdigest()


class Profile(models.Model):
    """What a person told us about themselves: the planner's input, one per person.

    It holds exactly the fields of the profile contract (footcoach.core.profile),
    so a profile file from the command line and a stored profile mean the same.
    """

    class Setting(models.TextChoices):
        HOME = "home", "At home"
        DESK = "desk", "At a desk"
        BEFORE_WORKOUT = "before-workout", "Before a walk, run or workout"

    class Side(models.TextChoices):
        LEFT = "left", "Left foot"
        RIGHT = "right", "Right foot"

    class Sex(models.TextChoices):
        FEMALE = "female", "Woman"
        MALE = "male", "Man"

    owner = models.OneToOneField(User, on_delete=models.CASCADE, related_name="profile")
    birth_year = models.PositiveSmallIntegerField()
    # Lists of content ids. JSON keeps them in order and works on SQLite and PostgreSQL alike.
    goals = models.JSONField(default=list)
    conditions = models.JSONField(default=list)
    equipment = models.JSONField(default=list)
    minutes_per_day = models.PositiveSmallIntegerField()
    days_per_week = models.PositiveSmallIntegerField()
    setting = models.CharField(max_length=20, choices=Setting.choices)
    start_side = models.CharField(max_length=5, choices=Side.choices)
    cleared_by_clinician = models.BooleanField(default=False)
    # Optional: blank when the person prefers not to say.
    sex = models.CharField(max_length=8, choices=Sex.choices, blank=True, default="")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Profile of {self.owner}"

    def as_data(self) -> dict[str, Any]:
        """The stored answers under the contract's field names, as in a profile file."""
        data = {name: getattr(self, name) for name in PROFILE_FIELDS}
        # Optional: left out when not given (the column keeps it blank), as in
        # a profile file written before the field existed.
        if not self.sex:
            del data["sex"]
        return data

    def as_core(self) -> CoreProfile:
        """The validated profile the planner takes.

        Raises ProfileError when the stored answers no longer fit the content,
        for example after a condition was renamed.
        """
        return parse_profile(self.as_data(), get_library(), this_year=timezone.localdate().year)
