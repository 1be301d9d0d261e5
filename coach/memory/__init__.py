"""What coach remembers across conversations: ledger, facts, cadence, nudges."""
