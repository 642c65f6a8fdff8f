"""The JSON API at /api/v1, described by an OpenAPI 3.1 document."""
