"""The API keys and clients of the feedback API tests: Acme's key, Globex's, none."""

from tests.feedback.api.conftest import anonymous_api, api, globex_api  # noqa: F401
