"""The learner's own organisation of their backpack: tags and collections."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from badges.models import Badge, OwnedQuerySet, _random_token, fold

TAG_NAME_MAX_LENGTH = 50


def tag_key(name: str) -> str:
    """What makes two tag names the same: case and inner spacing do not count."""
    return " ".join(name.split()).casefold()


class TagQuerySet(OwnedQuerySet):
    def with_badge_counts(self) -> TagQuerySet:
        return self.annotate(badge_count=models.Count("badges"))


class Tag(models.Model):
    """A label of the learner's own; names are unique per learner whatever their case."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="badge_tags"
    )
    name = models.CharField(max_length=TAG_NAME_MAX_LENGTH)
    key = models.CharField(max_length=TAG_NAME_MAX_LENGTH, editable=False)
    folded = models.CharField(max_length=TAG_NAME_MAX_LENGTH, blank=True, editable=False)
    badges = models.ManyToManyField(Badge, related_name="learner_tags", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TagQuerySet.as_manager()

    class Meta:
        ordering = ["key", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "key"], name="one_tag_name_per_learner"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        # The key is kept in the database (not computed by it) so the rule is the same
        # on SQLite and PostgreSQL, accents included.
        self.key = tag_key(self.name)
        self.folded = fold(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:  # both follow the name
            kwargs["update_fields"] = {*update_fields, "key", "folded"}
        super().save(*args, **kwargs)


class CollectionQuerySet(OwnedQuerySet):
    def with_badge_counts(self) -> CollectionQuerySet:
        return self.annotate(badge_count=models.Count("items"))

    def public(self) -> CollectionQuerySet:
        return self.filter(visibility=Collection.Visibility.PUBLIC)

    def shown_publicly(self) -> CollectionQuerySet:
        """Collections a visitor may see: public, of a learner whose account is active."""
        return self.public().filter(owner__is_active=True)


class Collection(models.Model):
    """A named, ordered set of the learner's badges; private until they make it public."""

    Visibility = Badge.Visibility

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="badge_collections"
    )
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=8, choices=Visibility.choices, default=Visibility.PRIVATE
    )
    public_id = models.CharField(max_length=32, unique=True, default=_random_token)
    badges = models.ManyToManyField(
        Badge, through="CollectionItem", related_name="collections", blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CollectionQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_public(self) -> bool:
        return self.visibility == self.Visibility.PUBLIC


class CollectionItem(models.Model):
    """One badge's place in a collection."""

    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="items")
    badge = models.ForeignKey(Badge, on_delete=models.CASCADE, related_name="collection_items")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        # Positions are not unique: swapping two of them must not trip a constraint
        # midway on databases without deferrable constraints (SQLite).
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["collection", "badge"], name="a_badge_once_per_collection"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.collection} #{self.position}: {self.badge_id}"


# Background imports live in a module of their own; importing them here registers them.
