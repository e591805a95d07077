from django.contrib import admin

from councils.models import Council, Membership, Service


class ServiceInline(admin.TabularInline):
    model = Service
    fields = ["name", "parent"]
    extra = 0


@admin.register(Council)
class CouncilAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "nation"]}),
        (
            "Review periods of equality impact assessments",
            {
                "fields": [
                    "review_months_high",
                    "review_months_medium",
                    "review_months_low",
                    "review_months_none",
                    "eia_moderation_required",
                ],
            },
        ),
    ]
    inlines = [ServiceInline]


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["path", "council"]
    list_filter = ["council"]
    search_fields = ["name", "path"]
    list_select_related = ["council"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "council", "role"]
    list_filter = ["council", "role"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    list_select_related = ["user", "council"]
    autocomplete_fields = ["user"]
    filter_horizontal = ["services"]
