#!/usr/bin/env python3
"""Writes a deterministic ~25 MB email (HTML body, inline image, an 18 MB PDF-like attachment) to the path given."""
import base64, random, sys
from email.message import EmailMessage

out = sys.argv[1]
size = int(sys.argv[2]) if len(sys.argv) > 2 else 18 * 1024 * 1024
rng = random.Random(42)
msg = EmailMessage()
msg["From"] = "Ada Lovelace <ada@customer.example>"
msg["To"] = "support@yourapp.example"
msg["Subject"] = "Quarterly statements (large attachment)"
msg["Message-ID"] = "<large-25mb@customer.example>"
msg.set_content("Hi team,\n\nThe statements are attached.\n")
msg.add_alternative("<p>Hi team,</p><p>The statements are attached. <img src='cid:logo'></p>", subtype="html")
msg.get_payload()[1].add_related(bytes(rng.getrandbits(8) for _ in range(20000)), "image", "png", cid="<logo>")
msg.add_attachment(rng.randbytes(size), maintype="application", subtype="pdf", filename="statements-2026-Q3.pdf")
with open(out, "wb") as f:
    f.write(bytes(msg))
