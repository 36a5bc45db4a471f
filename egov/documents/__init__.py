"""Official documents (Decree 30/2020): incoming and outgoing registers, direction, numbering, release."""
