"""The API's marshmallow schemas, one module per resource (`courses`, `topics`, `questions`,
`items`, `users`, `tokens`, `me`, `study`) and what they share in `common`. Import a schema from
its resource's module: `from .schemas.items import ItemSchema`."""
