"""Council settings, frameworks: the frameworks a council's plans are made against, those EqA provides and the
council's own, which its council admin names, and whose themes and items they add, reword, reorder and retire. A
theme or item an action has is retired, never removed, so that the plans that have it still say what it was."""

from django.contrib import messages
from django.db.models import Count
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from actionplans import services
from actionplans.forms.frameworks import FrameworkForm, ItemForm, ThemeForm
from actionplans.models import FrameworkVersion, QualityStatement, Theme
from councils.access import get_council_to_manage
from councils.conflicts import action_checks, edit_page
from councils.once import create_once, creates_once
from councils.settings_views import confirm_page, form_page, settings_crumbs
from councils.templatetags.text import mid_sentence, with_article

TITLE = "Frameworks"


def _list_url(council):
    return reverse("actionplans:settings-frameworks", args=[council.slug])


def _framework_url(framework, anchor=""):
    url = reverse("actionplans:settings-framework", args=[framework.council.slug, framework.pk])
    return f"{url}#{anchor}" if anchor else url


def _own(council, pk):
    """A framework of the council's own: 404 for one EqA provides (which nobody changes here) or another council's."""
    return get_object_or_404(FrameworkVersion.objects.select_related("council"), council=council, pk=pk)


def _crumbs(framework=None):
    if framework is None:
        return [(TITLE, None)]
    return [(TITLE, _list_url(framework.council)), (framework.name, _framework_url(framework))]


@require_GET
def frameworks_page(request, slug):
    council = get_council_to_manage(request, slug)
    frameworks = list(
        FrameworkVersion.objects.offered_to([council])
        .annotate(theme_count=Count("themes", distinct=True))
        .order_by("council_id", "-is_current", "name")
    )
    return render(
        request,
        "actionplans/settings/frameworks.html",
        {
            "council": council,
            "provided": [framework for framework in frameworks if framework.council_id is None],
            "own": [framework for framework in frameworks if framework.council_id is not None],
            "crumbs": settings_crumbs(council, (TITLE, None)),
        },
    )


@require_GET
def framework_page(request, slug, framework_pk):
    """A framework's themes and items: the council's own to change, one EqA provides to read."""
    council = get_council_to_manage(request, slug)
    framework = get_object_or_404(
        FrameworkVersion.objects.offered_to([council]).select_related("council"), pk=framework_pk
    )
    themes = list(framework.themes.order_by("number").prefetch_related("statements"))
    return render(
        request,
        "actionplans/settings/framework.html",
        {
            "council": council,
            "framework": framework,
            "themes": themes,
            "is_own": framework.council_id == council.pk,
            "crumbs": settings_crumbs(council, (TITLE, _list_url(council)), (framework.name, None)),
        },
    )


@require_http_methods(["GET", "POST"])
@creates_once(landing=_framework_url)
def framework_add(request, slug):
    council = get_council_to_manage(request, slug)
    form = FrameworkForm(request.POST or None, council=council)
    if request.method == "POST" and form.is_valid():
        framework = create_once(request, form, lambda: services.framework_create(council=council, form=form))
        messages.success(
            request,
            f"The framework ‘{framework.name}’ is added. Add its {framework.theme_word}s before anybody makes a plan "
            f"against it."
            if framework.has_themes
            else f"The framework ‘{framework.name}’ is added. Plans can be made against it from now on.",
        )
        return redirect(_framework_url(framework))
    return form_page(
        request,
        council,
        form,
        "Add a framework",
        back_url=_list_url(council),
        crumbs=_crumbs(),
        intro="A framework of the council's own: the themes, and the items under them if it has any, that a plan's "
        "actions are set against. You add its themes next.",
    )


@require_http_methods(["GET", "POST"])
def framework_edit(request, slug, framework_pk):
    council = get_council_to_manage(request, slug)
    framework = _own(council, framework_pk)
    form = FrameworkForm(request.POST or None, instance=framework, council=council)
    return edit_page(
        request,
        framework,
        form,
        save=lambda rev: services.framework_update(framework=framework, form=form, by=request.user, revision=rev),
        to=_framework_url(framework),
        message="The framework's details are saved. Plans made against it use them from now on.",
        what="framework",
        template="actionplans/settings/framework_form.html",
        context=lambda: _form_context(council, framework, form, "Change the framework's details"),
    )


def _form_context(council, framework, form, title, intro=""):
    return {
        "council": council,
        "framework": framework,
        "form": form,
        "title": title,
        "intro": intro,
        "back_url": _framework_url(framework),
        "crumbs": settings_crumbs(council, *_crumbs(framework), (title, None)),
    }


def _part_page(request, council, framework, form, *, title, anchor, intro=""):
    """The page of a form that adds or changes a theme or item of the framework, checked against what was saved since
    it was opened."""
    part = form.instance
    word = mid_sentence(form.label)
    return edit_page(
        request,
        framework,
        form,
        save=lambda rev: services.framework_part_save(framework=framework, form=form, by=request.user, revision=rev),
        **action_checks(form, lambda current: type(part).objects.filter(pk=part.pk).first(), named_by="name"),
        to=_framework_url(framework, anchor),
        message=lambda: f"The {word} ‘{part.name}’ is saved. Plans made against the framework show it as it is now.",
        what="framework",
        template="actionplans/settings/framework_form.html",
        context=lambda: _form_context(council, framework, form, title, intro),
    )


@require_http_methods(["GET", "POST"])
@creates_once(landing=lambda theme: _framework_url(theme.framework, f"theme-{theme.pk}"))
def theme_form(request, slug, framework_pk, theme_pk=None):
    council = get_council_to_manage(request, slug)
    framework = _own(council, framework_pk)
    if not framework.has_themes:
        messages.info(request, "The framework has no themes. To give it some, say what it calls them first.")
        return redirect("actionplans:settings-framework-edit", slug=council.slug, framework_pk=framework.pk)
    theme = get_object_or_404(Theme, framework=framework, pk=theme_pk) if theme_pk else Theme(framework=framework)
    form = ThemeForm(request.POST or None, instance=theme, framework=framework, label=framework.theme_label)
    word = framework.theme_word
    return _part_page(
        request,
        council,
        framework,
        form,
        title=f"Change the {word} ‘{theme.name}’" if theme.pk else f"Add {with_article(word)}",
        anchor=f"theme-{theme.pk}" if theme.pk else "themes",
        intro="Plans made against the framework show it as you word it here." if theme.pk else "",
    )


@require_http_methods(["GET", "POST"])
@creates_once(landing=lambda item: _framework_url(item.theme.framework, f"item-{item.pk}"))
def item_form(request, slug, framework_pk, theme_pk=None, item_pk=None):
    council = get_council_to_manage(request, slug)
    framework = _own(council, framework_pk)
    if item_pk:
        item = get_object_or_404(
            QualityStatement.objects.select_related("theme"), theme__framework=framework, pk=item_pk
        )
        theme = item.theme
    else:
        theme = get_object_or_404(Theme, framework=framework, pk=theme_pk)
        item = QualityStatement(theme=theme)
    if not framework.has_items:
        messages.info(request, "The framework's themes have no items. To give them some, say what it calls them first.")
        return redirect("actionplans:settings-framework-edit", slug=council.slug, framework_pk=framework.pk)
    form = ItemForm(request.POST or None, instance=item, framework=framework, label=framework.item_label, theme=theme)
    word = framework.item_word
    return _part_page(
        request,
        council,
        framework,
        form,
        title=f"Change the {word} ‘{item.name}’" if item.pk else f"Add {with_article(word)} to ‘{theme.name}’",
        anchor=f"item-{item.pk}" if item.pk else f"theme-{theme.pk}",
    )


def _part(framework, theme_pk, item_pk):
    """The theme or the item the URL names, and its anchor on the framework's page."""
    if theme_pk is not None:
        return get_object_or_404(Theme, framework=framework, pk=theme_pk), f"theme-{theme_pk}"
    item = get_object_or_404(QualityStatement.objects.select_related("theme"), theme__framework=framework, pk=item_pk)
    return item, f"item-{item_pk}"


def _word(framework, part):
    return framework.theme_word if isinstance(part, Theme) else framework.item_word


def part_move(request, slug, framework_pk, theme_pk=None, item_pk=None):
    """Move a theme or an item one place up or down. Only by POST, but the council is checked first, so that another
    council's answers 404 to any method, as every record does."""
    council = get_council_to_manage(request, slug)
    framework = _own(council, framework_pk)
    part, anchor = _part(framework, theme_pk, item_pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    direction = request.POST.get("direction")
    step = {"up": -1, "down": 1}.get(direction)
    if step is not None:
        moved = services.framework_part_move(framework=framework, part=part, step=step, by=request.user)
        word = _word(framework, part)
        if moved is None:
            end = "first" if step < 0 else "last"
            messages.info(request, f"The {word} ‘{part.name}’ is already {end}, so it was not moved.")
        else:
            place, count = moved
            messages.success(request, f"The {word} ‘{part.name}’ is moved {direction}, to place {place} of {count}.")
    return redirect(_framework_url(framework, anchor))


@require_http_methods(["GET", "POST"])
def part_remove(request, slug, framework_pk, theme_pk=None, item_pk=None):
    """Remove a theme or an item no action has; one that an action has is retired instead, so that the plans that
    have it still say what it was."""
    council = get_council_to_manage(request, slug)
    framework = _own(council, framework_pk)
    part, anchor = _part(framework, theme_pk, item_pk)
    word = _word(framework, part)
    used = services.part_in_use(part)
    if request.method == "POST":
        removed = services.framework_part_remove(framework=framework, part=part, by=request.user)
        messages.success(
            request,
            f"The {word} ‘{part.name}’ is removed."
            if removed
            else f"The {word} ‘{part.name}’ is retired: new actions cannot have it. Actions that have it keep it.",
        )
        return redirect(_framework_url(framework, "themes"))
    if used:
        heading, button_label = f"Are you sure you want to retire the {word} ‘{part.name}’?", f"Retire the {word}"
        explanation = (
            f"Actions have this {word}, so it is retired rather than removed: new actions cannot have it, and the "
            f"actions that have it keep it. You can offer it again by changing it."
        )
    else:
        heading, button_label = f"Are you sure you want to remove the {word} ‘{part.name}’?", f"Remove the {word}"
        explanation = "No action has it. It goes from the framework, and those after it move up a place." + (
            f" Its {framework.item_word}s go with it." if isinstance(part, Theme) and framework.has_items else ""
        )
    return confirm_page(
        request,
        council,
        f"Remove {with_article(word)}",
        heading,
        explanation,
        button_label=button_label,
        keep_url=_framework_url(framework, anchor),
        crumbs=_crumbs(framework),
    )
