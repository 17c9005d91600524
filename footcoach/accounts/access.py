"""The only way to fetch a person's account objects by id."""

from __future__ import annotations

from django.http import Http404

from footcoach.accounts.models import ApiToken, Profile, User
from footcoach.prepared import Param, Prepared

# Read on nearly every page: prepared, so that the ORM writes its SQL once.
_PROFILE = Prepared(lambda: Profile.objects.filter(owner=Param("owner", Profile.owner.field)))


def get_token_for(person: User, token_id: int) -> ApiToken:
    # Someone else's token and a missing one look the same: both are 404.
    token = ApiToken.objects.of(person).filter(pk=token_id).first()
    if token is None:
        raise Http404("No API token of yours has this id.")
    return token


def get_profile_for(person: User) -> Profile | None:
    # A profile is found only through the person signed in, never by an id,
    # so nobody can ask for someone else's.
    profile: Profile | None = _PROFILE.first(owner=person.pk)  # one a person at most: nothing to sort
    return profile
