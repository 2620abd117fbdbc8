"""The site's blueprints: pages (main, learning), accounts (auth), admin, and the versioned API."""
