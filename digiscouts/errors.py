"""The one refusal type of every service: a German message for the user and a code."""


class ServiceError(Exception):
    """A service refused a change; nothing was written.

    ``message`` is shown as it is (a form error, an admin message); ``code`` names
    the refusal for code and tests. Views and admin actions show the message,
    never a server error.
    """

    code = "refused"

    def __init__(self, message, code=None):
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code

    def __str__(self):
        return str(self.message)
