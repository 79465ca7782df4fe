"""The issuer tool: demo keys, trust lists, credentials and bad codes (``refplatform issuer``)."""
