"""The form editor at /admin/: Decap CMS configured from the content schemas (generator/model.py).

- `forms`: the Decap `config.yml` built from the schemas, the archetypes' hints and mkdocs.yml.
- `local`: Decap's local-backend protocol (what `decap-server` does), in Python, confined to content/.
- `site`: writes /admin/ into the built site and hooks the local backend into `board serve`.
"""
