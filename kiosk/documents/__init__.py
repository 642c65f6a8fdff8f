"""Printable documents: PDFs made with WeasyPrint, the fonts they use, QR codes."""
