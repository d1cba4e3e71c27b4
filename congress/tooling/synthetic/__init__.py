"""
Synthetic congress records for load tests and demonstrations (`manage.py generate_data`).

The data is made up but shaped like the real thing, so that lists, searches and exports
are measured against what offices will hold:

* For each 2025 province, its Party Organisation ("Đảng bộ tỉnh Nghệ An") and Party
  Committee ("Tỉnh ủy Nghệ An", "Thành ủy Hà Nội"). For as many communes and wards as the
  number of people needs: the commune's Party Organisation ("Đảng bộ phường X") under the
  province's, its party cells ("Chi bộ khu dân cư số k"), the executive committee its
  congress elected, its People's Council and People's Committee, and the Party
  Organisation of one pre-2025 commune it was formed from.
* The national ratio sets the size. About 5.5 million members in about 60,000 party
  organisations, cells included, is about 90 members per organisation; with about 20 cells
  to a commune that is about 1,800 members per commune (Thiên Hương has 1,535), so 5.5
  million members fill the country's 3,321 communes and wards.
* People with the spread of family, middle and given names of real lists; about 5 % typed
  with the other tone placement ("Thuỷ" for "Thủy") and 2 % in decomposed Unicode, then
  normalised as save() does (so the decomposed ones are stored composed).
* Memberships: everyone in a party cell; committees filled to 80–100 % of their seats; the
  chairs of the councils; past posts with end dates and reasons.
* Congresses for 2025–2030 (lần thứ I, as the 2025 reorganisation created the wards) and
  for 2020–2025 of the communes before it, with named delegates, speeches, indicators and
  follow-up tasks.

The same seed on an empty database gives the same rows, ids included: every random choice
comes from generators seeded by the seed (and a commune's code), identities (uid) are drawn
from them too, and no date depends on the clock.

Everything is written with bulk_create in one transaction, all or nothing. Bulk writes skip
save(), so each record's normalise() is called first, exactly as save() would. They also
skip django-simple-history's signals, which is intended: synthetic data is not an audited
change, and a history row per record would double what is written. Every record cites one
Source, "Dữ liệu giả lập (generate_data, seed S)", through bulk-inserted rows of its
many-to-many table.

Memory stays flat: organisations, resolutions and congresses (a few per commune) are written
first and kept as ids; people, and everything that names them, are then generated commune
by commune, cell by cell, and written in batches.
Modules: generator (one run, and generate()), plan (which communes, how many members,
the sizes and dates), names (the Vietnamese name tables), organisations (the organisation
tree), people (members, committees and posts, commune by commune), congresses (congresses and
what they produced), writing (bulk writes that cite the source).
"""
