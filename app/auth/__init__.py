"""Identity: the user and token models, password rules, forms, sessions, roles and Google sign-in."""
