"""Staff accounts: admins, partner editors and receptionists, and how they sign in."""
