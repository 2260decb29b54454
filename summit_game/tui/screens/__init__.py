"""One screen per module, each with its ``.tcss`` file beside it."""
