"""Domain: identities, catalog, forms and receipts as plain data and rules. No Qt, no I/O."""
