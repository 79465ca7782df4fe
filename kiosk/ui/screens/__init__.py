"""One widget per shell screen; each is a thin view that renders a ``ShellView``."""
