"""PAdES signing and validation (pyHanko): certificates, visible stamps, PKCS#12 / PKCS#11 / remote
signers."""
