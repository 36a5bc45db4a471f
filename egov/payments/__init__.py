"""Fee payment: gateway adapters (VNPay-compatible), a local sandbox gateway, receipts, reconciliation."""
