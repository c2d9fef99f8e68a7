"""The web: blueprints, forms and views. Nothing else imports it."""
