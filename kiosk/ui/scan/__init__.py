"""The scanning pipeline's Qt side: frame sources from configuration, controller, preview."""
