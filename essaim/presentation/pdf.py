"""Writing HTML to PDF with WeasyPrint: the one PDF path of the project (the reports' PDFs, the
toolkit's sheets). Each template carries its own print styles."""


def html_to_pdf(html):
    from weasyprint import HTML  # imported here: loading Pango is only worth it for a PDF

    return HTML(string=html).write_pdf()
