"""Runtime services every layer may use: paths, clock, messages, errors, tasks, logging. No Qt."""
