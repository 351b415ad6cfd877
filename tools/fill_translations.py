"""Fill Indonesian translations from a JSON file {msgid: msgstr} into the catalogue, then list
what is still missing. Usage: .venv/bin/python tools/fill_translations.py translations.json
(after `make messages`)."""

import json
import sys

from babel.messages.pofile import read_po, write_po

path = "workshop/translations/id/LC_MESSAGES/messages.po"
table = json.load(open(sys.argv[1]))
cat = read_po(open(path, "rb"), locale="id")
for m in cat:
    key = m.id if isinstance(m.id, str) else m.id[0]
    if key in table:
        v = table[key]
        m.string = (v,) if isinstance(m.id, tuple) else v
        m.flags.discard("fuzzy")
with open(path, "wb") as f:
    write_po(f, cat, width=100, omit_header=False, no_location=True, sort_output=True)
missing = [
    m.id for m in cat if m.id and (not m.string or (isinstance(m.string, tuple) and not all(m.string)))
]
print("missing:", missing)
