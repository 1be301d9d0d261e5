"""The durable storage on real files: what reaches the disk, what a failure leaves."""
