"""Qt adapters of the devices: QtMultimedia camera and video file, sound. The only device code
that may import Qt (an import-linter contract enforces it)."""
