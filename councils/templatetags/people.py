from django import template

from councils.models import Role

register = template.Library()


@register.filter
def person(user):
    """A person's name as the pages show it: full name, else username; nothing for nobody."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


@register.filter
def role_label(role):
    """A role's name, from its value (an invitation keeps the values)."""
    return Role(role).label
