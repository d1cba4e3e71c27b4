"""The congress file (hồ sơ Đại hội) drawn from the records, and the documents that go up.

gather      the congress's records in a fixed number of queries (CongressRecords)
content     what a document is made of: parts, sections, facts, tables, "chưa có", numbered sources
sections    the sections today's records fill, one function each
personnel   the personnel sections (elections, appointments, the new committee, approval, congress
            bodies, credentials), "chưa có" until their records exist, one function each
documents   the congress file (Hướng dẫn 62-HD/VPTW), the report of results, the request for approval
pdf, word   the formats (WeasyPrint, python-docx), in the layout of Hướng dẫn 36-HD/VPTW
archive     the .zip: PDF, Word and a spreadsheet of every list
fonts       Liberation Serif, which the PDF embeds from its files
"""
