"""The reference platform's HTTP server: the platform API of docs/platform-api.md on FastAPI.

    settings = Settings(data_dir=Path("…"))
    app = create_app(settings)          # a FastAPI application (tests may run it in-process)
    serve(settings, host, port, …)      # uvicorn, one process (``refplatform serve``)

Data lives in SQLite under the data directory by default, or in PostgreSQL when a
``postgresql+psycopg://`` URL is given. Nothing here imports the kiosk's UI.
"""

from refplatform.server.app import create_app
from refplatform.server.settings import Settings

__all__ = ["Settings", "create_app"]
