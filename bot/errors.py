"""One base error; messages say what to do next."""


class BotError(Exception):
    """Base class: anything the user can act on."""


class InputError(BotError):
    """A question, claim or file that cannot be used as given."""


class DocumentError(InputError):
    """A source document that cannot be parsed."""


class IndexMismatchError(BotError):
    """The index was built with another embedding model."""


class IndexMissingError(BotError):
    """No index yet."""


class StoreUnavailableError(BotError):
    """The Chroma server cannot be reached."""


class AuthError(BotError):
    """Not signed in, a wrong password or token, or a role that may not do this."""


class NotFoundError(BotError):
    """No such review or user."""


class ConflictError(BotError):
    """Someone else changed the review since it was read: reload and try again."""
