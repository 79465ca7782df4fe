"""Platform client, durable outbox and background delivery. No Qt."""
