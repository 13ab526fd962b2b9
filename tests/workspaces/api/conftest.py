from tests.feedback.api.conftest import anonymous_api, api, globex_api, revoked_api  # noqa: F401
