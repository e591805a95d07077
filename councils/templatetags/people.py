from django import template

register = template.Library()


@register.filter
def person(user):
    """A person's name as the pages show it: full name, else username; nothing for nobody."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()
