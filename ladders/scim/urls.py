"""SCIM 2.0 routes, under /scim/v2/ (see docs/server.md, "Provisioning (SCIM)")."""

from django.urls import path

from ladders.scim import views

urlpatterns = [
    path("ServiceProviderConfig", views.service_provider_config, name="scim-config"),
    path("ResourceTypes", views.resource_types, name="scim-resource-types"),
    path("ResourceTypes/<str:name>", views.resource_type, name="scim-resource-type"),
    path("Schemas", views.schemas, name="scim-schemas"),
    path("Schemas/<str:schema_id>", views.schema, name="scim-schema"),
    path("Users", views.users, name="scim-users"),
    path("Users/<str:person_id>", views.user, name="scim-user"),
    path("Groups", views.groups, name="scim-groups"),
    path("Groups/<str:team_id>", views.group, name="scim-group"),
]
